namespace Appliance.Grounding.Tests;

/// <summary>Assertions over a report that say which item failed and why, in the test's words.</summary>
internal static class ReportAssertions
{
    public static void AllGrounded(GroundingReport report)
    {
        var ungrounded = report.Items.Where(i => !i.Grounded).Select(i => $"{i.Kind} '{i.Text}': {i.Reason}").ToList();
        Assert.True(ungrounded.Count == 0, "ungrounded: " + string.Join("; ", ungrounded));
        Assert.NotEmpty(report.Items);
    }

    /// <summary>The one ungrounded item: its kind, text and reason.</summary>
    public static GroundingItem SingleUngrounded(GroundingReport report, GroundingItemKind kind, string text)
    {
        var ungrounded = report.Items.Where(i => !i.Grounded).ToList();
        Assert.True(ungrounded.Count == 1, $"expected one ungrounded item, got: {string.Join("; ", ungrounded.Select(i => $"{i.Kind} '{i.Text}': {i.Reason}"))}");
        Assert.Equal(kind, ungrounded[0].Kind);
        Assert.Equal(text, ungrounded[0].Text);
        Assert.NotNull(ungrounded[0].Reason);
        Assert.Null(ungrounded[0].Evidence);
        return ungrounded[0];
    }

    public static GroundingItem Item(GroundingReport report, GroundingItemKind kind, string text) =>
        Assert.Single(report.Items, i => i.Kind == kind && i.Text == text);
}
