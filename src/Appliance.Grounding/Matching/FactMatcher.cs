using Appliance.Core.Grounding;
using Appliance.Grounding.Extraction;

namespace Appliance.Grounding.Matching;

/// <summary>
/// Looks one output fact up in the sources' facts, by kind: the same drug; a dose of the same drug with
/// the same amount after unit conversion; the same quantity in the same dimension; the same day (a year
/// missing on one side matches any year); the same code; the same side for an overlapping site; the
/// same negated finding. The first source fact that backs it is its evidence.
/// </summary>
internal sealed class FactMatcher(IReadOnlyList<TextFacts> sources)
{
    private readonly List<(TextFacts Source, Fact Fact)> _all = [.. sources.SelectMany(s => s.Facts.Select(f => (Source: s, Fact: f)))];

    public Verdict Match(Fact fact)
    {
        var all = _all;
        return fact.Kind switch
        {
            GroundingItemKind.Drug => Find(all, f => f.Kind == GroundingItemKind.Drug && f.DrugId == fact.DrugId, Reasons.DrugNotInSources),
            GroundingItemKind.Dose => Dose(fact, all),
            GroundingItemKind.Date => Date(fact, all),
            GroundingItemKind.Icd10Code => Find(all, f => f.Kind == GroundingItemKind.Icd10Code && f.Key == fact.Key, Reasons.CodeNotInSources),
            GroundingItemKind.Laterality => Laterality(fact, all),
            GroundingItemKind.Negation => Negation(fact, all),
            GroundingItemKind.LabValue => Find(all, f => SameQuantity(f, fact), Reasons.LabValueNotInSources),
            GroundingItemKind.Duration => Find(all, f => SameQuantity(f, fact), Reasons.DurationNotInSources),
            _ => Find(all, f => SameQuantity(f, fact), Reasons.ValueNotInSources),
        };
    }

    /// <summary>Whether two terms name the same thing: one contains the other.</summary>
    public static bool Overlap(string a, string b) =>
        a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal);

    private static Verdict Dose(Fact dose, List<(TextFacts Source, Fact Fact)> all)
    {
        var ofDrug = all.Where(p => p.Fact.Kind == GroundingItemKind.Dose && p.Fact.DrugId == dose.DrugId).ToList();
        if (ofDrug.FirstOrDefault(p => SameQuantity(p.Fact, dose)) is { Fact: not null } match)
        {
            return Verdict.Backed(match);
        }

        return ofDrug.Count > 0 ? Verdict.Not(Reasons.DoseDiffers)
            : all.Any(p => p.Fact.Kind == GroundingItemKind.Drug && p.Fact.DrugId == dose.DrugId) ? Verdict.Not(Reasons.NoDoseForDrug)
            : Verdict.Not(Reasons.DrugNotInSources);
    }

    private static Verdict Date(Fact date, List<(TextFacts Source, Fact Fact)> all)
    {
        var dates = all.Where(p => p.Fact.Kind == GroundingItemKind.Date).ToList();
        if (dates.FirstOrDefault(p => p.Fact.Key == date.Key && (p.Fact.Year is null || date.Year is null || p.Fact.Year == date.Year)) is { Fact: not null } match)
        {
            return Verdict.Backed(match);
        }

        return Verdict.Not(dates.Count > 0 ? Reasons.DateDiffers : Reasons.NoDateInSources);
    }

    private static Verdict Laterality(Fact side, List<(TextFacts Source, Fact Fact)> all)
    {
        var sameSite = all.Where(p => p.Fact.Kind == GroundingItemKind.Laterality && Overlap(p.Fact.Key, side.Key)).ToList();
        if (sameSite.FirstOrDefault(p => p.Fact.Side == side.Side) is { Fact: not null } match)
        {
            return Verdict.Backed(match);
        }

        return Verdict.Not(sameSite.Count > 0 ? Reasons.LateralityOpposite : Reasons.NoSideInSources);
    }

    private Verdict Negation(Fact negation, List<(TextFacts Source, Fact Fact)> all)
    {
        if (all.FirstOrDefault(p => p.Fact.Kind == GroundingItemKind.Negation && Overlap(p.Fact.Key, negation.Key)) is { Fact: not null } match)
        {
            return Verdict.Backed(match);
        }

        return Verdict.Not(sources.Any(s => Affirms(s, negation.Key)) ? Reasons.SourceAffirms : Reasons.NegationNotInSources);
    }

    /// <summary>Whether <paramref name="text"/> mentions <paramref name="key"/> outside every negation scope.</summary>
    public static bool Affirms(TextFacts text, string key) => FirstAffirmation(text, key) >= 0;

    /// <summary>First place <paramref name="key"/> is mentioned outside every negation scope, or -1.</summary>
    public static int FirstAffirmation(TextFacts text, string key)
    {
        var value = text.Folded.Value;
        for (var at = value.IndexOf(key, StringComparison.Ordinal); at >= 0; at = value.IndexOf(key, at + 1, StringComparison.Ordinal))
        {
            if (!text.IsNegated(at, key.Length))
            {
                return at;
            }
        }

        return -1;
    }

    private static bool SameQuantity(Fact a, Fact b) =>
        a.Kind is GroundingItemKind.Quantity or GroundingItemKind.Dose or GroundingItemKind.LabValue or GroundingItemKind.Duration
        && a.Key == b.Key
        && Math.Abs(a.Value - b.Value) <= 1e-9 * Math.Max(Math.Abs(a.Value), Math.Abs(b.Value));

    private static Verdict Find(List<(TextFacts Source, Fact Fact)> all, Func<Fact, bool> backs, string reason) =>
        all.FirstOrDefault(p => backs(p.Fact)) is { Fact: not null } match ? Verdict.Backed(match) : Verdict.Not(reason);
}
