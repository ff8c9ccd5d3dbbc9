using System.Diagnostics;
using System.Globalization;
using System.Net;
using Appliance.Server.Hosting;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// One appliance "box": the built server (Appliance.Server.dll beside the tests) as its own
/// process on fixed loopback ports (a balancer must be told them before it starts), serving the
/// demo model from a cache folder shared by the fleet, with its own audit folder. Restartable on
/// the same ports, as systemd restarts a service.
/// </summary>
internal sealed class ApplianceBox(string name, string folder, string demoCache, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public string Name { get; } = name;

    public int GrpcPort { get; } = LoopbackPorts.Free();

    public int MetricsPort { get; } = LoopbackPorts.Free();

    public ChildProcess? Process { get; private set; }

    private readonly List<ChildProcess> _earlier = [];

    public string Output => Process?.Output ?? "(not started)";

    /// <summary>True when this box, in this or an earlier run, wrote <paramref name="text"/>.</summary>
    public bool Wrote(string text) => _earlier.Append(Process).OfType<ChildProcess>().Any(p => p.Wrote(text));

    public void Start()
    {
        if (Process is not null)
        {
            _earlier.Add(Process);
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Appliance.Server.dll"));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            [ApplianceApp.ConfigDirectoryVariable] = Directory.CreateDirectory(Path.Combine(folder, "etc")).FullName,
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{GrpcPort}",
            ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
            ["Appliance__Metrics__Address"] = "127.0.0.1",
            ["Appliance__Metrics__Port"] = MetricsPort.ToString(CultureInfo.InvariantCulture),
            ["Appliance__Models__ManifestDirectories__0"] = Directory.CreateDirectory(Path.Combine(folder, "models")).FullName,
            ["Appliance__Models__DemoModel"] = "true",
            ["Appliance__Models__CacheDirectory"] = demoCache,
            ["Appliance__Models__EmbeddingModel"] = "false",
            ["Appliance__Security__AllowAnonymous"] = "true",
            ["Appliance__Security__AllowLoopbackPlaintext"] = "true",
            ["Appliance__Audit__Directory"] = Path.Combine(folder, "audit"),
            ["Appliance__Llama__Threads"] = "1",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Process = ChildProcess.Start(start);
    }

    /// <summary>Polls the metrics port's /healthz until it answers 200 (models loaded, not draining).</summary>
    public Task WaitServingAsync() => Bounded.UntilAsync(
        async token =>
        {
            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{MetricsPort}/healthz"), token);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        },
        () => $"{Name} to answer /healthz 200; its output:\n{Output}",
        Bounded.StartTimeout,
        TimeSpan.FromMilliseconds(100));

    /// <summary>Generate calls this box counted with status OK (appliance_requests_total).</summary>
    public async Task<double> GenerateCallsAsync()
    {
        var page = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"));
        return page.Split('\n')
            .Where(l => l.StartsWith("appliance_requests_total{", StringComparison.Ordinal)
                && l.Contains("method=\"/appliance.v1.Generation/Generate\"", StringComparison.Ordinal)
                && l.Contains("grpc_code=\"OK\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _earlier.Append(Process).OfType<ChildProcess>())
        {
            await process.DisposeAsync();
        }

        _http.Dispose();
    }
}
