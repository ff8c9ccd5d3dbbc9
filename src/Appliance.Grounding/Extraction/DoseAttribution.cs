using Appliance.Core.Grounding;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// Turns a mass, volume or unit quantity into a dose of the drug it belongs to: the nearest drug name
/// before it within the same clause (阿司匹林肠溶片 100mg, aspirin 100 mg daily), else a drug name
/// right after it (100 mg aspirin). A quantity with no drug nearby stays a plain quantity.
/// </summary>
internal static class DoseAttribution
{
    private const int MaxGapBefore = 24;
    private const int MaxGapAfter = 4;

    public static IEnumerable<Fact> Attribute(string folded, IReadOnlyList<Fact> quantities, IReadOnlyList<Fact> drugs)
    {
        foreach (var q in quantities)
        {
            if (q.Kind != GroundingItemKind.Quantity || !Unit.IsDose(q.Key))
            {
                yield return q;
                continue;
            }

            var drug = drugs.LastOrDefault(d => d.End <= q.Start && q.Start - d.End <= MaxGapBefore && !Breaks(folded, d.End, q.Start))
                ?? drugs.FirstOrDefault(d => d.Start >= q.End && d.Start - q.End <= MaxGapAfter && !Breaks(folded, q.End, d.Start));
            yield return drug is null ? q : q with { Kind = GroundingItemKind.Dose, DrugId = drug.DrugId };
        }
    }

    private static bool Breaks(string folded, int from, int to) => folded.AsSpan(from, to - from).IndexOfAny("。;\n") >= 0;
}
