namespace Appliance.Grounding.Lexicon;

/// <summary>The site's drug lexicon files, checked without building a checker (<c>appliancectl config check</c>).</summary>
public static class DrugLexiconFiles
{
    /// <summary>
    /// Every problem of the <c>*.tsv</c> files in <see cref="GroundingOptions.LexiconFolder"/>, one line each
    /// (<c>file: line N: problem; the line is skipped</c>), worded as the checker logs them when it loads;
    /// none when the folder does not exist.
    /// </summary>
    public static IReadOnlyList<string> Problems(GroundingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DrugLexiconLoader.SiteProblems(options.LexiconFolder);
    }
}
