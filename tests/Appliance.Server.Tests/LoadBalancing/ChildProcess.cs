using System.Diagnostics;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// A process a test starts (a server box, HAProxy) with its output kept for the failure message,
/// stopped by signal: SIGTERM as systemd stops a service, SIGKILL as a power cut would.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int ShownLines = 60;
    private const int KeptLines = 100_000;
    private readonly Process _process;
    private readonly Queue<string> _lines = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote (stdout and stderr), for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - ShownLines)));
            }
        }
    }

    /// <summary>True when any line it wrote (up to the last 100,000) contains <paramref name="text"/>.</summary>
    public bool Wrote(string text)
    {
        lock (_lines)
        {
            return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>How many of the lines it wrote (up to the last 100,000) contain <paramref name="text"/>.</summary>
    public int Count(string text)
    {
        lock (_lines)
        {
            return _lines.Count(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public static ChildProcess Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM, then waits for the exit (bounded); returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan limit)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().Within(Bounded.Timeout);
        }

        await _process.WaitForExitAsync().Within(limit);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no drain, no goodbye; its connections are reset by the kernel.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().Within(Bounded.Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().Within(Bounded.Timeout);
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }
}
