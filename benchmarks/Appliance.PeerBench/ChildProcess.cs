using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Appliance.PeerBench;

/// <summary>A server or helper process this benchmark started: its output kept (last lines) for when it fails, killed with its tree on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public Process Process => _process;

    public static ChildProcess Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, bool keepStdout = false, string? workingDirectory = null)
    {
        // A contestant runs at niceness 0 even when the client took a higher one (--client-nice).
        if (ClientNiceness.Applied > 0)
        {
            arguments = ["-n", (-ClientNiceness.Applied).ToString(System.Globalization.CultureInfo.InvariantCulture), file, .. arguments];
            file = "nice";
        }

        var info = new ProcessStartInfo(file)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var child = new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}"));
        child._process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        child._process.BeginErrorReadLine();
        if (!keepStdout)
        {
            child._process.OutputDataReceived += (_, e) => child.Keep(e.Data);
            child._process.BeginOutputReadLine();
        }

        return child;
    }

    /// <summary>The last lines the process wrote (for error messages).</summary>
    public string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    /// <summary>A TCP port free on loopback now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="ready"/> every 250 ms until it is true, the process exits, or <paramref name="timeout"/> passes.</summary>
    public async Task WaitReadyAsync(string what, Func<Task<bool>> ready, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited ({_process.ExitCode}) before it was ready:\n{Tail()}");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or Grpc.Core.RpcException or IOException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{what} was not ready within {timeout.TotalSeconds:F0} s:\n{Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }
}
