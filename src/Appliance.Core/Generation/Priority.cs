namespace Appliance.Core.Generation;

/// <summary>Clinical priority class of a request.</summary>
public enum Priority
{
    /// <summary>Interactive work (default).</summary>
    Normal = 0,

    /// <summary>Urgent clinical work: admitted first.</summary>
    Urgent = 1,

    /// <summary>Background work (bulk summaries, re-indexing): runs on what is left.</summary>
    Batch = 2,
}
