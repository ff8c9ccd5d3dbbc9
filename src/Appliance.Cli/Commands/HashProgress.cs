using System.Globalization;
using Appliance.Cli.Formatting;

namespace Appliance.Cli.Commands;

/// <summary>
/// Progress of hashing a (multi-GB) weights file on standard error: a bar redrawn in place with a
/// carriage return on a terminal, or a line at each quarter when standard error is a file.
/// Called on the hashing thread, between reads; single caller.
/// </summary>
internal sealed class HashProgress
{
    private const int BarWidth = 30;
    private readonly TextWriter _error;
    private readonly string _label;
    private readonly bool _live;
    private int _drawnLength;
    private int _lastQuarter;

    public HashProgress(TextWriter error, string label, bool live)
    {
        _error = error;
        _label = label;
        _live = live;
    }

    /// <summary>Shows <paramref name="done"/> of <paramref name="total"/> bytes hashed.</summary>
    public void Report(long done, long total)
    {
        var fraction = total <= 0 ? 1.0 : Math.Clamp((double)done / total, 0, 1);
        var amount = $"{Quantities.Bytes(done)} of {Quantities.Bytes(total)}";
        if (_live)
        {
            var filled = (int)(fraction * BarWidth);
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"hashing {_label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,5:P0} ({amount})");
            _error.Write("\r" + line.PadRight(_drawnLength));
            _error.Flush();
            _drawnLength = line.Length;
            return;
        }

        // A file, not a terminal: a few lines a log can hold, none for the final 100 % (the sha256 line follows).
        var quarter = (int)(fraction * 4);
        if (quarter > _lastQuarter && done < total)
        {
            _error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hashing {_label}: {fraction:P0} ({amount})"));
            _lastQuarter = quarter;
        }
    }

    /// <summary>Erases the live bar so what follows starts on a clean line.</summary>
    public void Clear()
    {
        if (_drawnLength > 0)
        {
            _error.Write("\r" + new string(' ', _drawnLength) + "\r");
            _error.Flush();
            _drawnLength = 0;
        }
    }
}
