using System.Globalization;

namespace Appliance.Cli.Metrics;

/// <summary>
/// What the status screen shows from the appliance's metrics (names in docs/metrics.md): queues and
/// KV use per model, request rates per method, GPUs, the build and the uptime.
/// </summary>
internal sealed class ApplianceFigures
{
    private const string Requests = "appliance_requests_total";
    private readonly IReadOnlyDictionary<string, ModelQueue> _queues;

    private ApplianceFigures(IReadOnlyDictionary<string, ModelQueue> queues)
    {
        _queues = queues;
    }

    /// <summary>Length of the window the rates were measured over.</summary>
    public TimeSpan Window { get; private init; }

    /// <summary>Per gRPC method, busiest first; only methods called since the server started.</summary>
    public IReadOnlyList<MethodRate> Methods { get; private init; } = [];

    /// <summary>Every method together.</summary>
    public MethodRate Total { get; private init; } = new("all methods", 0, 0, 0, 0);

    /// <summary>False when the server could not read NVML (no NVIDIA driver): <see cref="Gpus"/> is then empty.</summary>
    public bool GpuMetricsUp { get; private init; }

    public IReadOnlyList<GpuFigure> Gpus { get; private init; } = [];

    /// <summary>Each device with a memory budget (Appliance:Memory), host first; empty when none is configured.</summary>
    public IReadOnlyList<MemoryBudgetFigure> MemoryBudgets { get; private init; } = [];

    /// <summary>The server's version and commit (<c>appliance_build_info</c>), or null when the page lacks it.</summary>
    public string? Version { get; private init; }

    public string? Commit { get; private init; }

    /// <summary>How long the server process has run, or null when unknown.</summary>
    public TimeSpan? Uptime { get; private init; }

    /// <summary>Time left of each TLS certificate (<c>appliance_certificate_expiry_seconds</c>: "server", "client_ca"); empty when TLS is off.</summary>
    public IReadOnlyList<(string Certificate, TimeSpan Left)> Certificates { get; private init; } = [];

    /// <summary>Running and waiting requests and KV use of a model, or null when the page has none for it.</summary>
    public ModelQueue? Queue(string modelId) => _queues.GetValueOrDefault(modelId);

    public static ApplianceFigures From(MetricsWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        var after = window.After;
        var build = after.Series("appliance_build_info").FirstOrDefault();
        return new ApplianceFigures(Queues(after))
        {
            Window = window.Elapsed,
            Methods = MethodRates(window),
            Total = TotalRate(window),
            GpuMetricsUp = after.Value("appliance_gpu_metrics_up") is > 0,
            Gpus = GpuFigures(after),
            MemoryBudgets = [.. after.Series("appliance_memory_budget_bytes")
                .Select(s => new MemoryBudgetFigure(s.Label("device"), s.Value, after.Value("appliance_memory_budget_used_bytes", ("device", s.Label("device"))) ?? 0))
                .OrderBy(b => b.Device == "host" ? string.Empty : b.Device, StringComparer.Ordinal)],
            Version = build?.Label("version") is { Length: > 0 } version ? version : null,
            Commit = build?.Label("commit") is { Length: > 0 } commit ? commit : null,
            Uptime = after.Value(CounterRates.ProcessStartMetric) is { } start and > 0
                ? now - DateTimeOffset.FromUnixTimeMilliseconds((long)(start * 1000))
                : null,
            Certificates = [.. after.Series("appliance_certificate_expiry_seconds")
                .Select(s => (s.Label("certificate"), TimeSpan.FromSeconds(s.Value)))
                .OrderByDescending(c => c.Item1, StringComparer.Ordinal)],
        };
    }

    private static Dictionary<string, ModelQueue> Queues(MetricsPage page)
    {
        var queues = new Dictionary<string, ModelQueue>(StringComparer.Ordinal);
        foreach (var model in page.Series("appliance_requests_running").Select(s => s.Label("model")).Distinct(StringComparer.Ordinal))
        {
            queues[model] = new ModelQueue(
                page.Sum("appliance_requests_running", ("model", model)),
                page.Sum("appliance_requests_waiting", ("model", model)),
                page.Value("appliance_kv_cache_usage_ratio", ("model", model)));
        }

        return queues;
    }

    private static List<MethodRate> MethodRates(MetricsWindow window)
    {
        static string Method(MetricSample s) => s.Label("method");
        var calls = CounterRates.IncreaseBy(window.Before, window.After, Requests, Method);
        var errors = CounterRates.IncreaseBy(window.Before, window.After, Requests, Method, IsError);
        return window.After.Series(Requests)
            .GroupBy(Method, StringComparer.Ordinal)
            .Select(g => new MethodRate(
                g.Key,
                CounterRates.PerSecond(calls.GetValueOrDefault(g.Key), window.Elapsed),
                CounterRates.PerSecond(errors.GetValueOrDefault(g.Key), window.Elapsed),
                g.Sum(s => s.Value),
                g.Where(IsError).Sum(s => s.Value)))
            .Where(m => m.Calls > 0)
            .OrderByDescending(m => m.PerSecond)
            .ThenByDescending(m => m.Calls)
            .ThenBy(m => m.Method, StringComparer.Ordinal)
            .ToList();
    }

    private static MethodRate TotalRate(MetricsWindow window)
    {
        var calls = CounterRates.IncreaseBy(window.Before, window.After, Requests, _ => string.Empty).Values.Sum();
        var errors = CounterRates.IncreaseBy(window.Before, window.After, Requests, _ => string.Empty, IsError).Values.Sum();
        var after = window.After.Series(Requests).ToList();
        return new MethodRate(
            "all methods",
            CounterRates.PerSecond(calls, window.Elapsed),
            CounterRates.PerSecond(errors, window.Elapsed),
            after.Sum(s => s.Value),
            after.Where(IsError).Sum(s => s.Value));
    }

    private static bool IsError(MetricSample sample) => sample.Label("grpc_code") != "OK";

    private static List<GpuFigure> GpuFigures(MetricsPage page) =>
        page.Series("appliance_gpu_memory_total_bytes")
            .Select(s => s.Label("gpu"))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(g => int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .Select(gpu => new GpuFigure(
                gpu,
                page.Series("appliance_gpu_info").FirstOrDefault(s => s.Label("gpu") == gpu)?.Label("name") ?? string.Empty,
                page.Value("appliance_gpu_memory_used_bytes", ("gpu", gpu)) ?? double.NaN,
                page.Value("appliance_gpu_memory_total_bytes", ("gpu", gpu)) ?? double.NaN,
                page.Value("appliance_gpu_utilization_ratio", ("gpu", gpu)) ?? double.NaN))
            .ToList();
}
