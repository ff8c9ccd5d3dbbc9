namespace Appliance.Scheduling;

/// <summary>
/// Finds stop strings in streamed text. Text that could be the start of a stop string is held
/// back until the next piece decides it, so a stop string is never half-sent to the caller.
/// Single-threaded (the worker's).
/// </summary>
internal sealed class StopSequenceMatcher
{
    private readonly IReadOnlyList<string> _stops;
    private string _pending = string.Empty;

    public StopSequenceMatcher(IReadOnlyList<string> stops)
    {
        _stops = stops;
    }

    /// <summary>True once a stop string matched; later input is ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds generated text; returns the text that is now safe to emit.</summary>
    public string Append(string text)
    {
        if (Stopped)
        {
            return string.Empty;
        }

        if (_stops.Count == 0)
        {
            return text;
        }

        _pending += text;
        var cut = FirstStop();
        if (cut >= 0)
        {
            Stopped = true;
            var before = _pending[..cut];
            _pending = string.Empty;
            return before;
        }

        var hold = LongestPartialStopSuffix();
        var emit = _pending[..(_pending.Length - hold)];
        _pending = _pending[(_pending.Length - hold)..];
        return emit;
    }

    /// <summary>Returns held-back text at the end of generation (it was not a stop string).</summary>
    public string Flush()
    {
        var rest = Stopped ? string.Empty : _pending;
        _pending = string.Empty;
        return rest;
    }

    private int FirstStop()
    {
        var best = -1;
        foreach (var stop in _stops)
        {
            var at = _pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        return best;
    }

    private int LongestPartialStopSuffix()
    {
        var longest = 0;
        foreach (var stop in _stops)
        {
            var max = Math.Min(stop.Length - 1, _pending.Length);
            for (var len = max; len > longest; len--)
            {
                if (_pending.AsSpan(_pending.Length - len).SequenceEqual(stop.AsSpan(0, len)))
                {
                    longest = len;
                    break;
                }
            }
        }

        return longest;
    }
}
