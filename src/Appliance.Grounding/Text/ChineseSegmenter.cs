using JiebaNet.Segmenter;

namespace Appliance.Grounding.Text;

/// <summary>
/// Word boundaries of Chinese text through jieba.NET (exact mode with its HMM for unknown words).
/// jieba.NET reads its dictionaries from <c>Resources/</c> beside the application's binaries (the
/// project copies them into every output and publish folder) and keeps them in a process-wide
/// dictionary that it loads once; this wrapper serialises calls because the segmenter's thread
/// safety is not documented. Only short clauses (a negation's scope, what a side qualifies) are
/// segmented, so the lock is held for microseconds.
/// </summary>
internal sealed class ChineseSegmenter
{
    private readonly JiebaSegmenter _segmenter = new();
    private readonly Lock _gate = new();

    /// <summary>The words of <paramref name="text"/> as (start, length) ranges that cover it in order.</summary>
    public IReadOnlyList<(int Start, int Length)> Words(string text)
    {
        lock (_gate)
        {
            return [.. _segmenter.Tokenize(text).Select(t => (t.StartIndex, t.EndIndex - t.StartIndex))];
        }
    }
}
