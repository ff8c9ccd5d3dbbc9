namespace Appliance.Cli.Metrics;

/// <summary>One sample line of a Prometheus text page: a series (name and labels) and its value.</summary>
/// <param name="Name">Metric name, e.g. <c>appliance_requests_total</c>.</param>
/// <param name="Labels">Label names to their unescaped values.</param>
/// <param name="Value">The value; NaN and infinities as the page spells them.</param>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The value of label <paramref name="name"/>, or "" when the sample has none (as Prometheus treats it).</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>Identifies the series across two pages: the name and every label, in name order.</summary>
    public string SeriesKey =>
        Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
}
