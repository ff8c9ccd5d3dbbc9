using Appliance.Core.Grounding;
using Appliance.Grounding.Extraction;
using Appliance.Grounding.Lexicon;
using Appliance.Grounding.Matching;
using Appliance.Grounding.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Grounding;

/// <summary>
/// The deterministic grounding checker: every checkable fact of the outputs is looked up in the
/// sources (see <see cref="FactMatcher"/>), and every finding a source negates but an output states
/// without negation is reported as an ungrounded negation. Immutable after construction and
/// thread-safe; it never logs the texts. Construction reads the drug lexicon (shipped list plus the
/// site's folder) and loads jieba's dictionary, so the first check is not the slow one.
/// </summary>
public sealed class GroundingChecker : IGroundingChecker
{
    private readonly FactExtractor _extractor;

    public GroundingChecker(IOptions<GroundingOptions> options, ILogger<GroundingChecker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var segmenter = new ChineseSegmenter();
        _ = segmenter.Words("预热");
        _extractor = new FactExtractor(DrugLexiconLoader.Load(options.Value.LexiconFolder, logger), segmenter);
    }

    /// <inheritdoc />
    public GroundingReport Check(IReadOnlyList<GroundingText> sources, IReadOnlyList<GroundingText> outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(outputs);
        var sourceFacts = new List<TextFacts>(sources.Count);
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sourceFacts.Add(_extractor.Extract(source));
        }

        var matcher = new FactMatcher(sourceFacts);
        var negatedInSources = sourceFacts
            .SelectMany(s => s.Facts.Where(f => f.Kind == GroundingItemKind.Negation).Select(f => f.Key))
            .Distinct(StringComparer.Ordinal)
            .Where(key => !sourceFacts.Any(s => FactMatcher.Affirms(s, key)))
            .ToList();

        var extracted = new List<TextFacts>(outputs.Count);
        foreach (var output in outputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            extracted.Add(_extractor.Extract(output));
        }

        var items = new List<GroundingItem>();
        foreach (var facts in SiblingDoses.Attribute(extracted))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = facts.Facts.Select(f => (f.Start, Item: ToItem(facts, f, matcher.Match(f))))
                .Concat(Affirmations(facts, negatedInSources))
                .OrderBy(p => p.Start);
            items.AddRange(found.Select(p => p.Item));
        }

        return new GroundingReport(items);
    }

    /// <summary>Findings the sources negate (and nowhere state) that this output states without negation.</summary>
    private static IEnumerable<(int Start, GroundingItem Item)> Affirmations(TextFacts output, List<string> negatedInSources)
    {
        foreach (var key in negatedInSources)
        {
            var at = FactMatcher.FirstAffirmation(output, key);
            if (at >= 0)
            {
                var fact = new Fact(GroundingItemKind.Negation, at, key.Length, key);
                yield return (at, ToItem(output, fact, Verdict.Not(Reasons.SourceNegates)));
            }
        }
    }

    private static GroundingItem ToItem(TextFacts output, Fact fact, Verdict verdict) => new(
        fact.Kind,
        output.TextOf(fact.Start, fact.Length),
        output.SpanOf(fact.Start, fact.Length),
        verdict.Grounded,
        verdict.Grounded ? verdict.Source!.SpanOf(verdict.Evidence!.Start, verdict.Evidence.Length) : null,
        verdict.Reason);
}
