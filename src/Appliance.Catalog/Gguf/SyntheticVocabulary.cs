using System.Globalization;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// A SentencePiece-style ("llama") vocabulary: special tokens, the 256 byte tokens (so any
/// text can be encoded), then normal pieces with decreasing scores. Deterministic.
/// </summary>
internal sealed class SyntheticVocabulary
{
    public const string WordStart = "\u2581"; // SentencePiece's "▁": a piece that starts a word
    public const int UnknownId = 0;
    public const int BosId = 1;
    public const int EosId = 2;
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    // llama.cpp's token types (LLAMA_TOKEN_TYPE_*).
    public const int TypeNormal = 1;
    public const int TypeUnknown = 2;
    public const int TypeControl = 3;
    public const int TypeByte = 6;

    private readonly List<string> _tokens = [];
    private readonly List<float> _scores = [];
    private readonly List<int> _types = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly int _size;

    private SyntheticVocabulary(int size) => _size = size;

    public IReadOnlyList<string> Tokens => _tokens;

    public IReadOnlyList<float> Scores => _scores;

    public IReadOnlyList<int> Types => _types;

    /// <summary>The tokens that are not normal pieces: unk, bos, eos, two ChatML markers, 256 bytes.</summary>
    public static int FixedTokenCount => 5 + 256;

    public static SyntheticVocabulary Build(int size)
    {
        if (size < FixedTokenCount + 256)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The vocabulary needs at least {FixedTokenCount + 256} tokens.");
        }

        var v = new SyntheticVocabulary(size);
        v.Add("<unk>", TypeUnknown, 0f);
        v.Add("<s>", TypeControl, 0f);
        v.Add("</s>", TypeControl, 0f);
        v.Add(ImStart, TypeControl, 0f);
        v.Add(ImEnd, TypeControl, 0f);
        for (var b = 0; b < 256; b++)
        {
            v.Add(string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"), TypeByte, 0f);
        }

        v.AddPieces();
        return v;
    }

    private void AddPieces()
    {
        for (var c = '!'; c <= '~'; c++)
        {
            AddPiece(c.ToString());
        }

        AddPiece(WordStart);
        foreach (var c in Letters() + "0123456789")
        {
            AddPiece(WordStart + c);
        }

        foreach (var word in SyntheticVocabularyPieces.Words)
        {
            // Every prefix, so merging adjacent pieces can always grow "▁p" into "▁patient".
            for (var length = 2; length <= word.Length; length++)
            {
                AddPiece(WordStart + word[..length]);
            }
        }

        foreach (var c in SyntheticVocabularyPieces.Chinese)
        {
            AddPiece(c.ToString());
        }

        foreach (var subword in SyntheticVocabularyPieces.Subwords)
        {
            AddPiece(subword);
        }

        Fill();
    }

    /// <summary>Letter pairs, then "▁" + pairs, then triples, then "▁" + triples, then numbered pieces.</summary>
    private void Fill()
    {
        const string Lower = "abcdefghijklmnopqrstuvwxyz";
        foreach (var a in Lower)
        {
            foreach (var b in Lower)
            {
                AddPiece(string.Concat(a, b));
            }
        }

        foreach (var a in Lower)
        {
            foreach (var b in Lower)
            {
                AddPiece(string.Concat(WordStart, a, b));
            }
        }

        foreach (var prefix in new[] { string.Empty, WordStart })
        {
            foreach (var a in Lower)
            {
                foreach (var b in Lower)
                {
                    foreach (var c in Lower)
                    {
                        AddPiece(string.Concat(prefix, a, b, c));
                    }
                }
            }
        }

        for (var n = 0; _tokens.Count < _size; n++)
        {
            AddPiece(string.Create(CultureInfo.InvariantCulture, $"{WordStart}piece{n}"));
        }
    }

    private static string Letters() => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Adds a normal piece unless it is already there or the vocabulary is full.</summary>
    private void AddPiece(string piece)
    {
        if (_tokens.Count < _size && !_seen.Contains(piece))
        {
            // Decreasing scores: earlier pieces are preferred when merging.
            Add(piece, TypeNormal, -(_tokens.Count - FixedTokenCount));
        }
    }

    private void Add(string token, int type, float score)
    {
        _seen.Add(token);
        _tokens.Add(token);
        _scores.Add(score);
        _types.Add(type);
    }
}
