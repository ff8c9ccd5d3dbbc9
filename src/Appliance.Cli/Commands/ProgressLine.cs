namespace Appliance.Cli.Commands;

/// <summary>
/// A progress line on standard error: on a terminal, redrawn in place with a carriage return; when
/// standard error is a file, written again only when its state changes. Single caller.
/// </summary>
internal sealed class ProgressLine
{
    private readonly TextWriter _error;
    private int _drawnLength;
    private string? _lastState;

    public ProgressLine(TextWriter error, bool live)
    {
        _error = error;
        IsLive = live;
    }

    /// <summary>True on a terminal: the line is redrawn in place.</summary>
    public bool IsLive { get; }

    /// <summary>Shows <paramref name="line"/>; in a file, only when <paramref name="state"/> differs from the last one shown.</summary>
    public async Task ShowAsync(string line, string state, CancellationToken cancellationToken)
    {
        if (IsLive)
        {
            await _error.WriteAsync(("\r" + line.PadRight(_drawnLength)).AsMemory(), cancellationToken);
            await _error.FlushAsync(cancellationToken);
            _drawnLength = line.Length;
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
            await _error.FlushAsync();
            _drawnLength = 0;
        }
    }
}
