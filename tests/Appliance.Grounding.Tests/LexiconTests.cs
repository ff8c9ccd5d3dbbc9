using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Appliance.Grounding.Tests;

/// <summary>The site's lexicon folder extends the shipped drug list; a broken line is logged and skipped.</summary>
public sealed class LexiconTests : IDisposable
{
    private readonly TempFolder _folder = new("grounding-site-lexicon");
    private readonly ConcurrentQueue<string> _logs = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SiteFile_AddsDrugsAndSynonyms_AndSkipsBrokenLines()
    {
        _folder.Write("local.tsv", "# hospital formulary additions\nxz-local\tfoobarin|福巴林\nacetylsalicylic-acid\t拜阿司匹灵\nno tab on this line\n");
        _folder.Write("ignored.txt", "other\tnotadrugname\n");

        var checker = Create();
        var report = checker.Check([new GroundingText("s", "拜阿司匹灵 100mg qd")], [new GroundingText("o", "阿司匹林 100mg，加用福巴林 5mg，notadrugname")]);

        Assert.True(report.Items.Single(i => i.Text == "阿司匹林").Grounded);
        Assert.True(report.Items.Single(i => i.Text == "100mg").Grounded);
        Assert.False(report.Items.Single(i => i.Text == "福巴林").Grounded);
        Assert.Equal(GroundingItemKind.Dose, report.Items.Single(i => i.Text == "5mg").Kind);
        Assert.DoesNotContain(report.Items, i => i.Text == "notadrugname");
        Assert.Contains(_logs, l => l.Contains("local.tsv:4:", StringComparison.Ordinal) && l.Contains("the line is skipped", StringComparison.Ordinal));
        Assert.Contains(_logs, l => l.Contains("FileCount=2", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingFolder_UsesTheShippedListAndSaysSo()
    {
        var checker = Create(_folder.Combine("absent"));

        Assert.Single(checker.Check([], [new GroundingText("o", "clopidogrel")]).Items, i => i.Kind == GroundingItemKind.Drug);
        Assert.Contains(_logs, l => l.Contains("no site lexicon folder", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedList_NamesItsSourceAndParses()
    {
        var path = Path.Combine(RepositoryPaths.Root, "models", "lexicons", "drugs.tsv");
        var lines = File.ReadAllLines(path);

        Assert.Contains(lines.TakeWhile(l => l.StartsWith('#')), l => l.Contains("WHO Model List of Essential Medicines", StringComparison.Ordinal));
        Assert.Contains(lines.TakeWhile(l => l.StartsWith('#')), l => l.Contains("国家基本药物目录", StringComparison.Ordinal));
        var entries = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.True(entries.Count >= 100, $"{entries.Count} drugs");
        Assert.All(entries, l => Assert.Matches(@"^[a-z0-9-]+\t[^\t|]+(\|[^\t|]+)+$", l));
        Assert.Equal(entries.Count, entries.Select(l => l.Split('\t')[0]).Distinct().Count());
        Assert.All(entries, l => Assert.Contains(l.Split('\t')[1].Split('|'), n => n.Any(c => c >= '\u4e00' && c <= '\u9fff')));
    }

    private GroundingChecker Create(string? folder = null) =>
        new(Options.Create(new GroundingOptions { LexiconFolder = folder ?? _folder.Path }), new CapturingLoggerProvider(_logs).CreateLogger<GroundingChecker>());
}
