namespace Appliance.Tasks.Templates;

/// <summary>One named input of a task.</summary>
/// <param name="Name">The name RunTask's inputs use (<c>progress_notes</c>).</param>
/// <param name="Description">What to put there.</param>
/// <param name="Required">Whether a run without it is refused.</param>
/// <param name="MaxLength">Most UTF-16 code units it may hold.</param>
public sealed record TaskInput(string Name, string Description, bool Required, int MaxLength)
{
    /// <summary>The default and the ceiling of <see cref="MaxLength"/>.</summary>
    public const int DefaultMaxLength = 20_000, MaxMaxLength = 200_000;
}
