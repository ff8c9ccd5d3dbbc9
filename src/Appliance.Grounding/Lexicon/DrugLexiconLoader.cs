using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Appliance.Grounding.Lexicon;

/// <summary>
/// Builds the <see cref="DrugLexicon"/> from the shipped starter list (embedded in this assembly from
/// models/lexicons/drugs.tsv) and every <c>*.tsv</c> file of the site's lexicon folder, in name order.
/// A site line with a known id adds its names to that drug; a new id adds a drug. A malformed line is
/// logged with file and line number and skipped: a typo in one site file must not take grounding down.
/// Lexicon files hold drug names, never patient data, so the problems may quote them.
/// </summary>
internal static class DrugLexiconLoader
{
    public const string ShippedResource = "Appliance.Grounding.drugs.tsv";

    public static DrugLexicon Load(string? siteFolder, ILogger logger)
    {
        var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        using (var shipped = typeof(DrugLexiconLoader).Assembly.GetManifestResourceStream(ShippedResource)
            ?? throw new InvalidOperationException($"the shipped drug list {ShippedResource} is missing from the assembly"))
        using (var reader = new StreamReader(shipped))
        {
            Read(reader, names, (line, problem) => GroundingLog.LexiconLineSkipped(logger, "drugs.tsv (shipped)", line, problem));
        }

        var files = 1;
        if (siteFolder is not null && Directory.Exists(siteFolder))
        {
            foreach (var file in SiteFiles(siteFolder, logger))
            {
                try
                {
                    using var reader = new StreamReader(file);
                    Read(reader, names, (line, problem) => GroundingLog.LexiconLineSkipped(logger, file, line, problem));
                    files++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    GroundingLog.LexiconFileUnreadable(logger, file, e.GetType().Name);
                }
            }
        }
        else
        {
            GroundingLog.NoSiteLexiconFolder(logger, siteFolder ?? "(not set)");
        }

        var lexicon = new DrugLexicon(names.ToDictionary(p => p.Key, p => (IReadOnlyCollection<string>)p.Value, StringComparer.Ordinal));
        GroundingLog.LexiconLoaded(logger, lexicon.DrugCount, lexicon.NameCount, files);
        return lexicon;
    }

    /// <summary>
    /// Every problem of the site folder's lexicon files as <c>file: line N: problem</c>, as a start would log
    /// them (<c>appliancectl config check</c>); none when the folder does not exist (only the shipped list is used).
    /// </summary>
    public static IReadOnlyList<string> SiteProblems(string? siteFolder)
    {
        var problems = new List<string>();
        if (siteFolder is null || !Directory.Exists(siteFolder))
        {
            return problems;
        }

        foreach (var file in SiteFiles(siteFolder, (path, error) => problems.Add($"{path}: cannot be read ({error})")))
        {
            try
            {
                using var reader = new StreamReader(file);
                Read(reader, [], (line, problem) => problems.Add(string.Create(CultureInfo.InvariantCulture, $"{file}: line {line}: {problem}; the line is skipped")));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file}: cannot be read ({e.GetType().Name})");
            }
        }

        return problems;
    }

    /// <summary>The folder's *.tsv files in name order; none (logged) when the folder cannot be listed.</summary>
    private static List<string> SiteFiles(string folder, ILogger logger) =>
        SiteFiles(folder, (path, error) => GroundingLog.LexiconFileUnreadable(logger, path, error));

    private static List<string> SiteFiles(string folder, Action<string, string> unreadable)
    {
        try
        {
            return Directory.GetFiles(folder, "*.tsv").Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unreadable(folder, e.GetType().Name);
            return [];
        }
    }

    /// <summary>Adds each line's names to <paramref name="names"/>; a malformed line goes to <paramref name="skipped"/> (line number, problem).</summary>
    private static void Read(TextReader reader, Dictionary<string, HashSet<string>> names, Action<int, string> skipped)
    {
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var columns = line.Split('\t');
            var id = columns[0].Trim();
            var given = columns.Length == 2 ? columns[1].Split('|').Select(DrugLexicon.Fold).Where(n => n.Length > 0).ToList() : [];
            if (columns.Length != 2 || id.Length == 0 || given.Count == 0)
            {
                skipped(number, "expected id<TAB>name|name|... (one tab, at least one name)");
                continue;
            }

            if (!names.TryGetValue(id, out var set))
            {
                names[id] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(given);
        }
    }
}
