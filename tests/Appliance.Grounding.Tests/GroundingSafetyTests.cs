using System.Reflection;
using Appliance.Grounding.Matching;

namespace Appliance.Grounding.Tests;

/// <summary>
/// The PHI canary for the checker: patient text given to it reaches no log line and no reason; a
/// reason is always one of the fixed sentences.
/// </summary>
[Collection(CheckerCollection.Name)]
public sealed class GroundingSafetyTests(CheckerFixture fixture)
{
    private const string Canary = "CANARY张三PHI7731";

    private static readonly string[] KnownReasons = [.. typeof(Reasons).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!)];

    [Fact]
    public void Check_PatientText_NeverReachesLogsOrReasons()
    {
        var source = $"患者{Canary}，否认{Canary}史，左{Canary}肿，{Canary} 100mg。Patient {Canary} denies {Canary}.";
        var output = $"{Canary}有{Canary}史，右{Canary}肿，阿司匹林 {Canary} 300mg，I21.4 {Canary}, no {Canary}, left {Canary}.";

        var report = fixture.Check(source, output);

        Assert.Contains(report.Items, i => !i.Grounded);
        Assert.All(report.Items.Where(i => i.Reason is not null), i => Assert.Contains(i.Reason, KnownReasons));
        Assert.DoesNotContain(fixture.Logs, line => line.Contains("CANARY", StringComparison.OrdinalIgnoreCase) || line.Contains("张三", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => fixture.Checker.Check([new GroundingText("s", "x")], [new GroundingText("o", "y")], cancelled.Token));
    }

    [Fact]
    public void Check_EmptyTexts_GiveAnEmptyReport()
    {
        Assert.Empty(fixture.Checker.Check([], [new GroundingText("o", "")]).Items);
        Assert.Empty(fixture.Checker.Check([new GroundingText("s", "")], []).Items);
    }

    [Fact]
    public void Checker_AtStart_LogsTheLexiconCountsOnly()
    {
        Assert.Contains(fixture.Logs, l => l.Contains("drug lexicon loaded", StringComparison.Ordinal) && l.Contains("FileCount=1", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_LongTextWithoutPunctuation_FindsEveryNegation()
    {
        // 2,000 cues in one clause: each scope is bounded, so this stays linear (and quick) instead of quadratic.
        var text = string.Concat(Enumerable.Repeat("无发热 ", 2000));

        var report = fixture.Check(text, text);

        Assert.Equal(2000, report.Items.Count(i => i.Kind == GroundingItemKind.Negation));
        Assert.Equal(0, report.UngroundedCount);
    }
}
