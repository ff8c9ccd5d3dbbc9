using System.Diagnostics;
using System.Globalization;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// Debian's HAProxy (./test.sh installs it through tests/install-prerequisites.sh) running the
/// SHIPPED appliance/lb/haproxy.cfg in its loopback form (h2c on 127.0.0.1), in front of the boxes.
/// </summary>
internal sealed class HaproxyBalancer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private HaproxyBalancer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Output => _process.Output;

    public bool Wrote(string text) => _process.Wrote(text);

    public static HaproxyBalancer Start(IReadOnlyList<ApplianceBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        var binary = new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("haproxy is not installed: run ./test.sh, which installs Debian's haproxy package (tests/install-prerequisites.sh)");
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo(binary);
        foreach (var arg in new[] { "-db", "-f", Path.Combine(RepositoryPaths.Root, "appliance", "lb", "haproxy.cfg") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["APPLIANCE_LB_LOOPBACK_TEST"] = "1";
        start.Environment["APPLIANCE_LB_BIND"] = $"127.0.0.1:{port}";
        for (var i = 0; i < boxes.Count; i++)
        {
            var prefix = $"APPLIANCE_BOX{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            start.Environment[prefix] = $"127.0.0.1:{boxes[i].GrpcPort}";
            start.Environment[prefix + "_CHECK_HOST"] = "127.0.0.1";
            start.Environment[prefix + "_CHECK_PORT"] = boxes[i].MetricsPort.ToString(CultureInfo.InvariantCulture);
        }

        return new HaproxyBalancer(ChildProcess.Start(start), port);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
