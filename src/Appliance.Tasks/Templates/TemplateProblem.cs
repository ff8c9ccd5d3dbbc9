namespace Appliance.Tasks.Templates;

/// <summary>
/// One thing wrong with a template file, written for hospital IT as <c>file: key: problem (line N)</c>.
/// The key is a path into the file (<c>inputs[1].max_length</c>); the line is YamlDotNet's, when it gives one.
/// </summary>
/// <param name="File">The file's path.</param>
/// <param name="Key">The key at fault; <c>(file)</c> for the whole file.</param>
/// <param name="Problem">What is wrong and what is allowed.</param>
/// <param name="Line">1-based line, when known.</param>
public sealed record TemplateProblem(string File, string Key, string Problem, int? Line = null)
{
    /// <summary>The whole-file key.</summary>
    public const string WholeFile = "(file)";

    /// <inheritdoc/>
    public override string ToString() => Line is { } line ? $"{File}: {Key}: {Problem} (line {line})" : $"{File}: {Key}: {Problem}";
}
