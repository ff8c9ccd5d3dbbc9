namespace Appliance.Cli.Metrics;

/// <summary>A parsed metrics page (see <see cref="PrometheusTextParser"/>), with the look-ups the status screen needs.</summary>
internal sealed class MetricsPage
{
    private readonly ILookup<string, MetricSample> _byName;

    public MetricsPage(IReadOnlyList<MetricSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
        _byName = samples.ToLookup(s => s.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>Metric family name to its <c># TYPE</c> (counter, gauge, histogram, ...).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Every sample named <paramref name="name"/> (empty when the page has none).</summary>
    public IEnumerable<MetricSample> Series(string name) => _byName[name];

    /// <summary>True when the page has at least one sample named <paramref name="name"/>.</summary>
    public bool Has(string name) => _byName.Contains(name);

    /// <summary>The value of the first sample named <paramref name="name"/> whose labels match, or null when there is none.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels) =>
        Series(name).FirstOrDefault(s => Matches(s, labels))?.Value;

    /// <summary>Sum of the samples named <paramref name="name"/> whose labels match (0 when there are none).</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) =>
        Series(name).Where(s => Matches(s, labels)).Sum(s => s.Value);

    private static bool Matches(MetricSample sample, (string Name, string Value)[] labels) =>
        labels.All(l => sample.Label(l.Name) == l.Value);
}
