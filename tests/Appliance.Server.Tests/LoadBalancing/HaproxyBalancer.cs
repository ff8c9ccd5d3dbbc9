using System.Diagnostics;
using System.Globalization;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// Debian's HAProxy (./test.sh installs it through tests/install-prerequisites.sh) running a
/// SHIPPED appliance/lb configuration in front of the boxes: haproxy.cfg in its loopback form (h2c on
/// 127.0.0.1), or either file as a site runs it (TLS terminated, or passed through).
/// </summary>
internal sealed class HaproxyBalancer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private HaproxyBalancer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The box lines in the shipped configurations (box1..box3).</summary>
    private const int ServerLines = 3;

    public int Port { get; }

    public string Output => _process.Output;

    public bool Wrote(string text) => _process.Wrote(text);

    /// <summary>How many lines it wrote contain <paramref name="text"/> (a server going DOWN or UP again).</summary>
    public int Count(string text) => _process.Count(text);

    public static HaproxyBalancer Start(IReadOnlyList<ApplianceBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        return Start("haproxy.cfg", [.. boxes.Select(b => ($"127.0.0.1:{b.GrpcPort}", b.MetricsPort))], new Dictionary<string, string> { ["APPLIANCE_LB_LOOPBACK_TEST"] = "1" });
    }

    /// <summary>
    /// haproxy.cfg in its loopback form routing by model, as a site sets it up: the map and per-model
    /// backends that the SHIPPED appliance/lb/model-backends.sh writes (into <paramref name="folder"/>) for
    /// <paramref name="models"/>, loaded after haproxy.cfg.
    /// </summary>
    public static async Task<HaproxyBalancer> StartRoutedAsync(IReadOnlyList<ApplianceBox> boxes, string folder, IReadOnlyList<string> models)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        var generate = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(RepositoryPaths.Root, "appliance", "lb", "model-backends.sh"), "--out", folder }.Concat(models))
        {
            generate.ArgumentList.Add(arg);
        }

        using (var generator = Process.Start(generate)!)
        {
            var errors = generator.StandardError.ReadToEndAsync();
            await generator.WaitForExitAsync().Within(Bounded.Timeout);
            Assert.True(generator.ExitCode == 0, $"model-backends.sh failed: {await errors}");
        }

        return Start(
            "haproxy.cfg",
            [.. boxes.Select(b => ($"127.0.0.1:{b.GrpcPort}", b.MetricsPort))],
            new Dictionary<string, string> { ["APPLIANCE_LB_LOOPBACK_TEST"] = "1", ["APPLIANCE_LB_MODEL_MAP"] = Path.Combine(folder, "appliance-models.map") },
            Path.Combine(folder, "haproxy-models.cfg"));
    }

    /// <summary>
    /// The shipped <paramref name="config"/> (a file in appliance/lb) in front of <paramref name="boxes"/> (gRPC
    /// address, metrics port on 127.0.0.1; as many as the file has server lines, the last repeated when fewer),
    /// with <paramref name="variables"/> (TLS files) in its environment, and <paramref name="more"/> configuration files loaded after it.
    /// </summary>
    public static HaproxyBalancer Start(string config, IReadOnlyList<(string Grpc, int MetricsPort)> boxes, IReadOnlyDictionary<string, string> variables, params string[] more)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(variables);
        var binary = new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("haproxy is not installed: run ./test.sh, which installs Debian's haproxy package (tests/install-prerequisites.sh)");
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo(binary);
        foreach (var arg in new[] { "-db", "-f", Path.Combine(RepositoryPaths.Root, "appliance", "lb", config) }.Concat(more.SelectMany(f => new[] { "-f", f })))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["APPLIANCE_LB_BIND"] = $"127.0.0.1:{port}";
        for (var i = 0; i < ServerLines; i++)
        {
            var (grpc, metricsPort) = boxes[Math.Min(i, boxes.Count - 1)];
            var prefix = $"APPLIANCE_BOX{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            start.Environment[prefix] = grpc;
            start.Environment[prefix + "_CHECK_HOST"] = "127.0.0.1";
            start.Environment[prefix + "_CHECK_PORT"] = metricsPort.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return new HaproxyBalancer(ChildProcess.Start(start), port);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
