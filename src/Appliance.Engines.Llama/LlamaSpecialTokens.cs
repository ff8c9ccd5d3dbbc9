using System.Collections.Frozen;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// The vocabulary's control and user-defined tokens, and llama.cpp's rule for finding them in
/// text (<c>tokenizer_st_partition</c>: longest token text first, every occurrence, left to right),
/// applied by us to a chat template's own text only. Read once per model; thread-safe.
/// </summary>
internal sealed class LlamaSpecialTokens
{
    private readonly FrozenDictionary<char, LlamaSpecialToken[]> _byFirstChar;

    private LlamaSpecialTokens(FrozenDictionary<char, LlamaSpecialToken[]> byFirstChar) => _byFirstChar = byFirstChar;

    public static LlamaSpecialTokens Read(SafeLlamaModelHandle model)
    {
        var vocab = model.Vocab;
        var found = new List<LlamaSpecialToken>();
        for (var id = 0; id < vocab.Count; id++)
        {
            var token = (LLamaToken)id;
            var attributes = token.GetAttributes(vocab);
            if ((attributes & (LLamaTokenAttr.Control | LLamaTokenAttr.UserDefined)) == 0)
            {
                continue;
            }

            var text = vocab.LLamaTokenToString(token, isSpecialToken: true);
            if (!string.IsNullOrEmpty(text))
            {
                found.Add(new LlamaSpecialToken(id, text, (attributes & LLamaTokenAttr.LStrip) != 0, (attributes & LLamaTokenAttr.RStrip) != 0));
            }
        }

        return new LlamaSpecialTokens(found
            .GroupBy(t => t.Text[0])
            .ToFrozenDictionary(g => g.Key, g => g.ToArray()));
    }

    /// <summary>
    /// Splits template text into raw text (a string) and special tokens, as llama.cpp does when
    /// it tokenises with special tokens parsed. Whitespace stripping (LSTRIP/RSTRIP) is left to
    /// the caller, which knows the message text next to the template text.
    /// </summary>
    public List<(string? Text, LlamaSpecialToken? Special)> Partition(string text)
    {
        var pieces = new List<(string? Text, LlamaSpecialToken? Special)> { (text, null) };
        foreach (var special in Occurring(text))
        {
            var split = new List<(string?, LlamaSpecialToken?)>(pieces.Count + 2);
            foreach (var piece in pieces)
            {
                if (piece.Text is null)
                {
                    split.Add(piece);
                    continue;
                }

                var raw = piece.Text;
                var at = 0;
                for (var match = raw.IndexOf(special.Text, StringComparison.Ordinal); match >= 0;
                     match = raw.IndexOf(special.Text, at, StringComparison.Ordinal))
                {
                    if (match > at)
                    {
                        split.Add((raw[at..match], null));
                    }

                    split.Add((null, special));
                    at = match + special.Text.Length;
                }

                if (at < raw.Length)
                {
                    split.Add((raw[at..], null));
                }
            }

            pieces = split;
        }

        return pieces;
    }

    /// <summary>The special tokens whose text occurs in <paramref name="text"/>, longest first (llama.cpp's order).</summary>
    private List<LlamaSpecialToken> Occurring(string text)
    {
        var occurring = new HashSet<LlamaSpecialToken>();
        for (var i = 0; i < text.Length; i++)
        {
            if (_byFirstChar.TryGetValue(text[i], out var candidates))
            {
                foreach (var candidate in candidates)
                {
                    if (text.AsSpan(i).StartsWith(candidate.Text, StringComparison.Ordinal))
                    {
                        occurring.Add(candidate);
                    }
                }
            }
        }

        return [.. occurring.OrderByDescending(t => t.Text.Length).ThenBy(t => t.Id)];
    }
}
