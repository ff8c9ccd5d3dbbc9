using System.Globalization;

namespace Appliance.LoadGen;

/// <summary>Formats the report's numbers: invariant culture, "-" for a missing value.</summary>
internal static class Cells
{
    /// <summary>"p50 / p95 / ..." of <paramref name="distribution"/>, scaled.</summary>
    public static string Percentiles(Distribution distribution, double scale, string format, params double[] percents) =>
        string.Join(" / ", percents.Select(p => Format(distribution.Percentile(p), scale, format)));

    public static string Join(string a, string b) => $"{a} / {b}";

    public static string Format(double value, double scale, string format) =>
        double.IsNaN(value) ? "-" : (value * scale).ToString(format, CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString value) => FormattableString.Invariant(value);
}
