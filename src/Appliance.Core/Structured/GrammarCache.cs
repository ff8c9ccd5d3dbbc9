using System.Security.Cryptography;
using System.Text;

namespace Appliance.Core.Structured;

/// <summary>
/// Compiled grammars by key, least recently used evicted beyond a bound, so a client that sends the same
/// schema with every request converts it once. Thread-safe; a failed build (an unsupported schema) is not
/// cached and throws to every caller that asks. Two callers missing at once may both build; one result is kept.
/// </summary>
public sealed class GrammarCache
{
    private readonly int capacity;
    private readonly Dictionary<string, LinkedListNode<(string Key, GbnfGrammar Grammar)>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, GbnfGrammar Grammar)> recency = new();
    private readonly Lock gate = new();

    /// <summary>Creates a cache that holds at most <paramref name="capacity"/> grammars.</summary>
    public GrammarCache(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
    }

    /// <summary>How many grammars the cache holds now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>
    /// The cache key for a grammar source: the mode (e.g. <c>json_schema</c>, <c>choice</c>) and the SHA-256 of
    /// the source text, so the key holds no schema text and equal texts share one entry.
    /// </summary>
    public static string Key(string mode, string sourceText)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(sourceText);
        return $"{mode}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceText)))}";
    }

    /// <summary>The grammar cached under <paramref name="key"/>, or the result of <paramref name="build"/>, cached.</summary>
    public GbnfGrammar GetOrAdd(string key, Func<GbnfGrammar> build)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(build);
        lock (gate)
        {
            if (entries.TryGetValue(key, out var hit))
            {
                recency.Remove(hit);
                recency.AddFirst(hit);
                return hit.Value.Grammar;
            }
        }

        // Built outside the lock: a large schema must not stall every other request's lookup.
        var grammar = build();
        lock (gate)
        {
            if (entries.TryGetValue(key, out var raced))
            {
                return raced.Value.Grammar;
            }

            entries[key] = recency.AddFirst((key, grammar));
            if (entries.Count > capacity)
            {
                entries.Remove(recency.Last!.Value.Key);
                recency.RemoveLast();
            }

            return grammar;
        }
    }
}
