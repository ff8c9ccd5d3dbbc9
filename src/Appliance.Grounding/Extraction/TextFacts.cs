using Appliance.Core.Grounding;
using Appliance.Grounding.Text;

namespace Appliance.Grounding.Extraction;

/// <summary>A named text, folded, with every fact found in it (in text order) and its negation scopes.</summary>
internal sealed record TextFacts(GroundingText Text, NormalizedText Folded, IReadOnlyList<Fact> Facts, IReadOnlyList<(int Start, int End)> NegationScopes)
{
    /// <summary>Whether [start, start + length) lies inside a negation's scope.</summary>
    public bool IsNegated(int start, int length) => NegationScopes.Any(s => s.Start <= start && start + length <= s.End);

    /// <summary>Where a fact is, in the caller's text.</summary>
    public GroundingSpan SpanOf(int start, int length)
    {
        var (from, count) = Folded.ToOriginal(start, length);
        return new GroundingSpan(Text.Name, from, count);
    }

    /// <summary>The caller's text of a fact.</summary>
    public string TextOf(int start, int length)
    {
        var (from, count) = Folded.ToOriginal(start, length);
        return Text.Text.Substring(from, count);
    }
}
