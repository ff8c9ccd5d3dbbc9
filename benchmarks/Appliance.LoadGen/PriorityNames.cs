using Appliance.Contracts.V1;

namespace Appliance.LoadGen;

/// <summary>The command line's and the report's names of the priority classes: urgent, normal, batch.</summary>
internal static class PriorityNames
{
    /// <summary>Report order: the class the scheduler serves first comes first.</summary>
    public static readonly Priority[] All = [Priority.Urgent, Priority.Normal, Priority.Batch];

    public static Priority Parse(string name) => name.Trim().ToUpperInvariant() switch
    {
        "URGENT" => Priority.Urgent,
        "NORMAL" => Priority.Normal,
        "BATCH" => Priority.Batch,
        _ => throw new FormatException($"unknown priority '{name}' (urgent, normal or batch)"),
    };

    public static string Name(Priority priority) => priority switch
    {
        Priority.Urgent => "urgent",
        Priority.Batch => "batch",
        _ => "normal",
    };
}
