namespace Appliance.Server.Tasks;

/// <summary>Where clinical task templates come from (configuration section <c>Appliance:Tasks</c>).</summary>
public sealed class TasksOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Tasks";

    /// <summary>The shipped templates (models/tasks, installed beside the server as <c>tasks/</c>); relative paths are relative to the server's folder. Replaced by upgrades: never edit them there.</summary>
    public string ShippedFolder { get; set; } = "tasks";

    /// <summary>The site's own templates (new variants, or a shipped id replaced); watched, a broken edit keeps the previous templates.</summary>
    public string SiteFolder { get; set; } = "/srv/appliance/tasks";

    /// <summary>How long the template folders must be quiet after a change before they are read again (editors write in steps).</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The shipped folder as a full path.</summary>
    public string ShippedPath() => Path.GetFullPath(ShippedFolder, AppContext.BaseDirectory);

    /// <summary>The site folder as a full path.</summary>
    public string SitePath() => Path.GetFullPath(SiteFolder, AppContext.BaseDirectory);
}
