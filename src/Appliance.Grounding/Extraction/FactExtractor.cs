using Appliance.Core.Grounding;
using Appliance.Grounding.Lexicon;
using Appliance.Grounding.Text;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// Finds every checkable fact of one text. Order matters: dates and ICD-10 codes first, so that their
/// digits are not read again as quantities; drug names before doses, which attach to them; sides
/// inside a drug name (二甲双胍) are not laterality. The rules are hand-written and table-driven:
/// no .NET library served here reads clinical quantities, Chinese dates or negations
/// (Microsoft.Recognizers.Text is not served and knows no clinical units); jieba.NET gives word
/// boundaries only.
/// </summary>
internal sealed class FactExtractor(DrugLexicon lexicon, ChineseSegmenter segmenter)
{
    private readonly LateralityExtractor _laterality = new(segmenter);
    private readonly NegationExtractor _negation = new(segmenter);

    public TextFacts Extract(GroundingText text)
    {
        var folded = NormalizedText.From(text.Text);
        var value = folded.Value;
        var dates = DateExtractor.Extract(value).ToList();
        var codes = Icd10Extractor.Extract(value).ToList();
        var drugs = lexicon.Extract(value).ToList();
        var quantities = QuantityExtractor.Extract(value, (s, l) => Overlaps(dates, s, l) || Overlaps(codes, s, l)).ToList();
        var doses = DoseAttribution.Attribute(value, quantities, drugs);
        var sides = _laterality.Extract(value, (s, l) => Overlaps(drugs, s, l));
        var (negations, scopes) = _negation.Extract(value);

        var facts = dates.Concat(codes).Concat(drugs).Concat(doses).Concat(sides).Concat(negations)
            .OrderBy(f => f.Start).ThenBy(f => f.Kind)
            .ToList();
        return new TextFacts(text, folded, facts, scopes);
    }

    private static bool Overlaps(List<Fact> facts, int start, int length) =>
        facts.Any(f => f.Start < start + length && start < f.End);
}
