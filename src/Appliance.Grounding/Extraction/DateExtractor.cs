using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Core.Grounding;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// Calendar dates: ISO and its slash/dot forms (2026-03-01, 2026/3/1), Chinese (2026年3月1日,
/// 3月1日, 号 for 日) and English (1 March 2026, March 1, 2026, Mar 1). Numeric day/month orders
/// other than year first (01/03/2026) are ambiguous between sites and are not read.
/// </summary>
internal static partial class DateExtractor
{
    private static readonly string[] MonthNames =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static IEnumerable<Fact> Extract(string folded)
    {
        foreach (Match m in YearFirst().Matches(folded))
        {
            if (Make(m, Int(m, "y"), Int(m, "m"), Int(m, "d")) is { } fact)
            {
                yield return fact;
            }
        }

        foreach (Match m in ChineseNoYear().Matches(folded))
        {
            if (Make(m, null, Int(m, "m"), Int(m, "d")) is { } fact)
            {
                yield return fact;
            }
        }

        foreach (Match m in English().Matches(folded))
        {
            var day = m.Groups["d1"].Success ? Int(m, "d1") : Int(m, "d2");
            var year = m.Groups["y1"].Success ? Int(m, "y1") : m.Groups["y2"].Success ? Int(m, "y2") : (int?)null;
            var month = Array.IndexOf(MonthNames, (m.Groups["m1"].Success ? m.Groups["m1"].Value : m.Groups["m2"].Value)[..3]) + 1;
            if (Make(m, year, month, day) is { } fact)
            {
                yield return fact;
            }
        }
    }

    private static Fact? Make(Match m, int? year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= (year is { } y ? DateTime.DaysInMonth(y, month) : DaysInMonthAnyYear(month))
            ? new Fact(GroundingItemKind.Date, m.Index, m.Length, $"{month:00}-{day:00}") { Year = year }
            : null;

    private static int DaysInMonthAnyYear(int month) => DateTime.DaysInMonth(2024, month);

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})\s?(?:-|/|\.|年)\s?(?<m>\d{1,2})\s?(?:-|/|\.|月)\s?(?<d>\d{1,2})(?:\s?[日号])?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"(?<![\d年]\s?)(?<m>\d{1,2})\s?月\s?(?<d>\d{1,2})\s?[日号]", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseNoYear();

    // "1 march 2026", "1st mar, 2026", "march 1, 2026", "mar. 1", "1 march".
    [GeneratedRegex(@"(?<![a-z\d])(?:(?<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?<m1>january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\.?(?:,?\s+(?<y1>(?:19|20)\d{2}))?(?![a-z])|(?<m2>january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\.?\s+(?<d2>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?<y2>(?:19|20)\d{2}))?)(?![a-z\d])", RegexOptions.CultureInvariant)]
    private static partial Regex English();
}
