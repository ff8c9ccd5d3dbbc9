using System.Text.RegularExpressions;
using Appliance.Core.Grounding;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// ICD-10 codes: a letter (not U), two digits or digit and A/B, and an optional dotted subdivision
/// (I21.4, E11.9, K35.80). A code without its dot (I21) is read only after "ICD" (within a few
/// characters), since "B12" or "E10" in free text are more often something else.
/// </summary>
internal static partial class Icd10Extractor
{
    public static IEnumerable<Fact> Extract(string folded)
    {
        foreach (Match m in Code().Matches(folded))
        {
            var dotted = m.Groups["sub"].Success;
            var before = folded[Math.Max(0, m.Index - 16)..m.Index];
            if (dotted || before.Contains("icd", StringComparison.Ordinal))
            {
                yield return new Fact(GroundingItemKind.Icd10Code, m.Index, m.Length, m.Value.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant());
            }
        }
    }

    [GeneratedRegex(@"(?<![a-z\d.])[a-tv-z]\d[\dab](?:\.(?<sub>[\da-z]{1,4}))?(?![a-z\d])", RegexOptions.CultureInvariant)]
    private static partial Regex Code();
}
