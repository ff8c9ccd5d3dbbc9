using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Appliance.Server.Tests.Metrics;

/// <summary>
/// A real Prometheus (Debian's package, which ./test.sh installs through
/// tests/install-prerequisites.sh) on loopback, scraping one target every second and
/// evaluating the given rule files. Queried through its HTTP API.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(Uri target, IEnumerable<string> ruleFiles)
    {
        var binary = new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("prometheus is not installed: run ./test.sh, which installs Debian's prometheus package (tests/install-prerequisites.sh)");
        var directory = Path.Combine(Path.GetTempPath(), "appliance-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var rules = string.Join("", ruleFiles.Select(f => $"\n  - '{f}'"));
        var config = $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:{rules}
            scrape_configs:
              - job_name: appliance
                sample_limit: 20000
                static_configs:
                  - targets: ['{target.Host}:{target.Port}']
            """;
        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config);

        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={configPath}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>An instant query; returns the result array (throws with Prometheus' error on failure).</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(promql), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query failed: {promql}: {body}");
        }

        return json.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>GET of an API path; returns "data".</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        var body = await _http.GetStringAsync(new Uri(path, UriKind.Relative));
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").Clone();
    }

    /// <summary>The numeric values of an instant vector or scalar result.</summary>
    public static IReadOnlyList<double> Values(JsonElement result) => result.ValueKind == JsonValueKind.Array
        ? [.. result.EnumerateArray().Select(r => Parse(r.GetProperty("value")[1].GetString()!))]
        : [];

    /// <summary>Polls <paramref name="promql"/> until its single value satisfies <paramref name="done"/>; fails with the last value after <paramref name="limit"/>.</summary>
    public Task WaitForAsync(string promql, Func<double, bool> done, TimeSpan limit)
    {
        IReadOnlyList<double> last = [];
        return Bounded.UntilAsync(
            async _ =>
            {
                last = Values(await QueryAsync(promql));
                return last.Count == 1 && done(last[0]);
            },
            () => $"'{promql}' to reach the expected value (last: [{string.Join(", ", last)}]); prometheus log:\n{Log}",
            limit,
            TimeSpan.FromMilliseconds(250));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().Within(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static double Parse(string value) => value switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private Task WaitReadyAsync() =>
        Bounded.UntilAsync(
            async token =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Log}");
                }

                try
                {
                    using var ready = await _http.GetAsync(new Uri("/-/ready", UriKind.Relative), token);
                    return ready.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            },
            () => "prometheus to be ready; its log:\n" + Log,
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(100));
}
