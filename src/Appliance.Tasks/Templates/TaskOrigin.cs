namespace Appliance.Tasks.Templates;

/// <summary>Where a template file came from.</summary>
public enum TaskOrigin
{
    /// <summary>Shipped with the appliance (models/tasks, replaced by upgrades).</summary>
    Shipped,

    /// <summary>The site's task folder (hospital IT's own variants; never touched by upgrades).</summary>
    Site,
}
