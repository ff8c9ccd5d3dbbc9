using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// Candidate arrays shared by every sequence of one engine: sampling runs on the worker thread,
/// one sequence at a time, so one set of buffers serves all and nothing is allocated per token.
/// </summary>
internal sealed class SamplerBuffers
{
    private LLamaTokenData[] _all = [];
    private LLamaTokenData[] _best = [];
    private float[] _scores = [];

    /// <summary>An array of at least <paramref name="count"/> candidates.</summary>
    public LLamaTokenData[] Candidates(int count)
    {
        if (_all.Length < count)
        {
            _all = new LLamaTokenData[count];
            _scores = new float[count];
        }

        return _all;
    }

    /// <summary>
    /// The <paramref name="take"/> candidates of <paramref name="all"/>[0..<paramref name="count"/>)
    /// with the highest logits (ties at the cut broken by position), in no particular order.
    /// </summary>
    public Memory<LLamaTokenData> Shortlist(LLamaTokenData[] all, int count, int take)
    {
        take = Math.Min(take, count);
        if (_best.Length < take)
        {
            _best = new LLamaTokenData[take];
        }

        var scores = _scores.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            scores[i] = all[i].Logit;
        }

        var cut = KthLargest(scores, take - 1);
        var above = 0;
        for (var i = 0; i < count; i++)
        {
            if (all[i].Logit > cut)
            {
                _best[above++] = all[i];
            }
        }

        for (var i = 0; i < count && above < take; i++)
        {
            if (all[i].Logit == cut)
            {
                _best[above++] = all[i];
            }
        }

        return _best.AsMemory(0, above);
    }

    /// <summary>The value that would sit at <paramref name="k"/> (0 = largest) were <paramref name="values"/> sorted descending; reorders <paramref name="values"/>.</summary>
    internal static float KthLargest(Span<float> values, int k)
    {
        var lo = 0;
        var hi = values.Length - 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var pivot = Median(values[lo], values[mid], values[hi]);
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (values[i] > pivot)
                {
                    i++;
                }

                while (values[j] < pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static float Median(float a, float b, float c) =>
        a > b ? (b > c ? b : Math.Min(a, c)) : (a > c ? a : Math.Min(b, c));
}
