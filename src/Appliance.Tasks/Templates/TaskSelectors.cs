namespace Appliance.Tasks.Templates;

/// <summary>The attributes a variant can be selected on, as template files and RunTask spell them.</summary>
public static class TaskSelectors
{
    /// <summary>Every selector key.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["exam_type", "body_part", "department", "language"];
}
