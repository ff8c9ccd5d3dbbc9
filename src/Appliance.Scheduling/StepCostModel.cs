namespace Appliance.Scheduling;

/// <summary>
/// What an engine step costs, learned from the steps themselves, for the urgent step cap: how many
/// tokens fit in a target time. Two views: (1) the flat cost per token of the recent steps that
/// mostly decode (a step's time over its tokens, moving average; prefill-heavy steps, cheaper per
/// token on a CPU, would loosen it); (2) a least-squares line, fixed part plus part per token, over
/// the last ~50 steps. The flat cost is the answer, except where the line shows that tokens add
/// almost nothing (it allows at least <see cref="Free"/> times as many, as on a GPU, whose step
/// costs nearly the same for 1 or 500 tokens): there the flat cost, which counts the fixed part
/// once per token, would cut batch prefill to a handful of tokens a step while urgent work is
/// about, and the line answers instead (within <see cref="Reach"/>). On the 2-vCPU test machine
/// (a step ~8-9 ms fixed + ~3.5 ms a token) the line alone was too noisy to answer: steps under
/// urgent pressure span few sizes (docs/benchmarks.md). Worker thread only.
/// </summary>
internal sealed class StepCostModel
{
    /// <summary>Weight of a step relative to the next one in the line (about the last 50 steps count).</summary>
    private const double Keep = 0.98;

    /// <summary>Weight of the newest mostly-decoding step in the flat cost per token.</summary>
    private const double Newest = 0.3;

    /// <summary>How many times the flat answer the line must allow to answer instead.</summary>
    private const double Free = 4;

    /// <summary>Steps (weighted) before the model answers; until then nothing is capped.</summary>
    private const double Enough = 3;

    /// <summary>
    /// How far beyond the steps it has seen the line may extrapolate: at most this many times the
    /// biggest recent step (a GPU's cost stops being a line once its compute saturates). A cap that
    /// is reached makes bigger steps, which the model then sees, so the bound grows step by step
    /// rather than trusting a line through small steps at once.
    /// </summary>
    private const double Reach = 4;

    private double _w;
    private double _x;
    private double _y;
    private double _xx;
    private double _xy;
    private double _largest;
    private double _flatSecondsPerToken;

    /// <summary>Records a step that fed <paramref name="tokens"/> tokens to <paramref name="sequences"/> sequences and took <paramref name="duration"/>.</summary>
    public void Add(int tokens, int sequences, TimeSpan duration)
    {
        if (tokens <= 0 || duration <= TimeSpan.Zero)
        {
            return;
        }

        double x = tokens, y = duration.TotalSeconds;
        if (tokens <= 4 * sequences)
        {
            _flatSecondsPerToken = _flatSecondsPerToken <= 0 ? y / x : ((1 - Newest) * _flatSecondsPerToken) + (Newest * y / x);
        }

        _w = (Keep * _w) + 1;
        _x = (Keep * _x) + x;
        _y = (Keep * _y) + y;
        _xx = (Keep * _xx) + (x * x);
        _xy = (Keep * _xy) + (x * y);
        _largest = Math.Max(x, Keep * _largest);
    }

    /// <summary>
    /// The most tokens a step may carry to take at most <paramref name="target"/>: at least 1;
    /// <see cref="int.MaxValue"/> until enough steps were seen.
    /// </summary>
    public int TokensWithin(TimeSpan target)
    {
        if (_w < Enough || _flatSecondsPerToken <= 0)
        {
            return int.MaxValue;
        }

        // A hair over each quotient, so 50 ms at exactly 5 ms a token is 10 tokens, not 9.999.
        var flat = (target.TotalSeconds / _flatSecondsPerToken) + 1e-6;
        var (fixedPart, perToken) = Fit();
        if (perToken > TimeSpan.Zero)
        {
            var line = ((target - fixedPart).TotalSeconds / perToken.TotalSeconds) + 1e-6;
            if (line >= Free * flat)
            {
                return (int)Math.Clamp(Math.Min(line, Math.Max(Reach * _largest, flat)), 1, int.MaxValue);
            }
        }

        return (int)Math.Clamp(flat, 1, int.MaxValue);
    }

    /// <summary>The fitted fixed part (never below zero) and part per token; zeros before any step.</summary>
    public (TimeSpan Fixed, TimeSpan PerToken) Fit()
    {
        if (_w <= 0)
        {
            return (TimeSpan.Zero, TimeSpan.Zero);
        }

        var spread = (_w * _xx) - (_x * _x);
        if (spread <= 1e-9 * _w * _xx)
        {
            // Every step the same size: no line to fit; spread the cost over the tokens.
            return (TimeSpan.Zero, TimeSpan.FromSeconds(_y / _x));
        }

        var perToken = ((_w * _xy) - (_x * _y)) / spread;
        var fixedPart = (_y - (perToken * _x)) / _w;
        return (TimeSpan.FromSeconds(Math.Max(fixedPart, 0)), TimeSpan.FromSeconds(perToken));
    }
}
