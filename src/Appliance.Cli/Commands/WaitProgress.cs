using System.Globalization;

namespace Appliance.Cli.Commands;

/// <summary>
/// The one-line progress indicator of <c>health --wait</c> on standard error: redrawn in place with
/// a carriage return on a terminal, or one line per state change when standard error is a file.
/// </summary>
internal sealed class WaitProgress
{
    private const string Spinner = "|/-\\";
    private readonly ProgressLine _line;
    private readonly string _label;
    private readonly TimeSpan _wait;
    private int _ticks;

    public WaitProgress(TextWriter error, string label, TimeSpan wait, bool live)
    {
        _line = new ProgressLine(error, live);
        _label = label;
        _wait = wait;
    }

    /// <summary>"waiting for server: unreachable (3/60 s)", after a spinner on a terminal.</summary>
    public Task ReportAsync(string state, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"waiting for {_label}: {state} ({elapsed.TotalSeconds:F0}/{_wait.TotalSeconds:F0} s)");
        return _line.ShowAsync(_line.IsLive ? $"{Spinner[_ticks++ % Spinner.Length]} {line}" : line, state, cancellationToken);
    }

    /// <summary>Erases the live line so what follows starts on a clean line.</summary>
    public Task ClearAsync() => _line.ClearAsync();
}
