using Appliance.Core.Grounding;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// One checkable item found in a folded text (offsets into <see cref="Text.NormalizedText.Value"/>).
/// <see cref="Key"/> is what two facts must share to be the same fact: a unit's dimension, a date's
/// month and day, a drug's lexicon id, an ICD-10 code without its dot, what a side qualifies, what is
/// negated. The other members carry the rest of the comparison for the kinds that need it.
/// </summary>
internal sealed record Fact(GroundingItemKind Kind, int Start, int Length, string Key)
{
    /// <summary>A quantity in its dimension's base unit (mg, ml, seconds, g/L …).</summary>
    public double Value { get; init; }

    /// <summary>The drug (lexicon id) a drug name names or a dose belongs to.</summary>
    public string? DrugId { get; init; }

    /// <summary>A date's year, when the text gives one.</summary>
    public int? Year { get; init; }

    /// <summary>Laterality: 'L', 'R' or 'B' (both sides).</summary>
    public char Side { get; init; }

    public int End => Start + Length;
}
