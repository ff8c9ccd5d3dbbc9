using System.Text.RegularExpressions;
using Appliance.Core.Grounding;
using Appliance.Grounding.Text;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// Numbers followed by a unit of <see cref="Unit.All"/>: digits (full-width ones are already folded),
/// Chinese numerals (三天, 两周) or English number words (two weeks). A number without a unit is not
/// a checkable item. The kind comes from the dimension: durations, lab values, and everything else a
/// quantity (a dose becomes one when <see cref="DoseAttribution"/> finds its drug).
/// </summary>
internal static class QuantityExtractor
{
    private const string Number = @"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+|半|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

    private static readonly Dictionary<string, Unit> BySpelling = Unit.All.ToDictionary(u => u.Spelling, StringComparer.Ordinal);

    // The longest spelling first, so "mg/l" wins over "mg" and "mmol/l" over "mm".
    private static readonly Regex Pattern = new(
        $@"(?<![\d.a-z])(?<n>{Number})\s?-?(?<u>{string.Join('|', Unit.All.Select(u => u.Spelling).OrderByDescending(s => s.Length).Select(Regex.Escape))})(?![a-z])",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>The quantities of <paramref name="folded"/> outside <paramref name="taken"/> (dates already found).</summary>
    public static IEnumerable<Fact> Extract(string folded, Func<int, int, bool> taken)
    {
        foreach (Match m in Pattern.Matches(folded))
        {
            var unit = BySpelling[m.Groups["u"].Value];
            if (taken(m.Index, m.Length) || NumberWords.Parse(m.Groups["n"].Value) is not { } number)
            {
                continue;
            }

            // "2026年" is a year, not a duration of 2026 years.
            if (unit.Spelling == "年" && number >= 150)
            {
                continue;
            }

            var kind = Unit.IsDuration(unit.Dimension) ? GroundingItemKind.Duration
                : Unit.IsLab(unit.Dimension) ? GroundingItemKind.LabValue
                : GroundingItemKind.Quantity;
            yield return new Fact(kind, m.Index, m.Length, unit.Dimension) { Value = number * unit.Factor };
        }
    }
}
