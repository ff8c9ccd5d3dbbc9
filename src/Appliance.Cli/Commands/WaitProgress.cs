using System.Globalization;

namespace Appliance.Cli.Commands;

/// <summary>
/// The one-line progress indicator of <c>health --wait</c> on standard error: redrawn in place with
/// a carriage return on a terminal, or one line per state change when standard error is a file.
/// </summary>
internal sealed class WaitProgress
{
    private const string Spinner = "|/-\\";
    private readonly TextWriter _error;
    private readonly string _label;
    private readonly TimeSpan _wait;
    private readonly bool _live;
    private int _ticks;
    private int _drawnLength;
    private string? _lastState;

    public WaitProgress(TextWriter error, string label, TimeSpan wait, bool live)
    {
        _error = error;
        _label = label;
        _wait = wait;
        _live = live;
    }

    public async Task ReportAsync(string state, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"waiting for {_label}: {state} ({elapsed.TotalSeconds:F0}/{_wait.TotalSeconds:F0} s)");
        if (_live)
        {
            var drawn = $"{Spinner[_ticks++ % Spinner.Length]} {line}";
            await _error.WriteAsync(("\r" + drawn.PadRight(_drawnLength)).AsMemory(), cancellationToken);
            await _error.FlushAsync(cancellationToken);
            _drawnLength = drawn.Length;
        }
        else if (state != _lastState)
        {
            await _error.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        _lastState = state;
    }

    /// <summary>Erases the live line so what follows starts on a clean line.</summary>
    public async Task ClearAsync()
    {
        if (_drawnLength > 0)
        {
            await _error.WriteAsync("\r" + new string(' ', _drawnLength) + "\r");
            _drawnLength = 0;
        }
    }
}
