namespace Appliance.Engines.Llama;

/// <summary>
/// Which tokens each sequence slot holds in the KV cache, kept after a sequence is released so
/// the next request with the same beginning (a shared system prompt or task template) starts
/// from that slot and skips recomputing it: llama.cpp server's slot prompt cache, in our terms.
/// Owner thread only.
/// </summary>
internal sealed class SlotKvContents
{
    private readonly List<int>[] _tokens;

    public SlotKvContents(int slots)
    {
        _tokens = [.. Enumerable.Range(0, slots).Select(_ => new List<int>())];
    }

    public int Count(int slot) => _tokens[slot].Count;

    /// <summary>The free slot whose cached tokens share the longest prefix with <paramref name="prompt"/> (lowest id on ties).</summary>
    public (int Slot, int Common) Best(IEnumerable<int> freeSlots, IReadOnlyList<int> prompt)
    {
        var best = (Slot: -1, Common: -1);
        foreach (var slot in freeSlots)
        {
            var common = CommonPrefix(_tokens[slot], prompt);
            if (common > best.Common)
            {
                best = (slot, common);
            }
        }

        return best;
    }

    public void Append(int slot, ReadOnlySpan<int> tokens) => _tokens[slot].AddRange(tokens);

    public void TruncateTo(int slot, int length)
    {
        var list = _tokens[slot];
        if (length < list.Count)
        {
            list.RemoveRange(length, list.Count - length);
        }
    }

    private static int CommonPrefix(List<int> cached, IReadOnlyList<int> prompt)
    {
        var n = Math.Min(cached.Count, prompt.Count);
        var i = 0;
        while (i < n && cached[i] == prompt[i])
        {
            i++;
        }

        return i;
    }
}
