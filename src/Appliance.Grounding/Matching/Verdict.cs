using Appliance.Grounding.Extraction;

namespace Appliance.Grounding.Matching;

/// <summary>Whether a source backs an output fact: the source fact that does, or the reason none does.</summary>
internal sealed record Verdict(TextFacts? Source, Fact? Evidence, string? Reason)
{
    public bool Grounded => Evidence is not null;

    public static Verdict Backed((TextFacts Source, Fact Fact) match) => new(match.Source, match.Fact, null);

    public static Verdict Not(string reason) => new(null, null, reason);
}
