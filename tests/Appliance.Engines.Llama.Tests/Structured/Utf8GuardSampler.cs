using LLama.Native;

namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>
/// Masks every token whose bytes would make the output so far ill-formed UTF-8. Needed beside llama.cpp's
/// grammar sampler: its UTF-8 decoder does not check continuation bytes, so with byte-fallback tokens a model
/// can emit a lead byte and then ASCII, which the grammar counts as one character (breaking maxLength) and a
/// .NET decoder turns into U+FFFD. Test-side here; the production chain needs the same guard.
/// </summary>
internal sealed class Utf8GuardSampler : ICustomSampler
{
    private readonly byte[][] pieces;
    private byte[] pending = [];

    public Utf8GuardSampler(SafeLlamaModelHandle model, int vocabularySize)
    {
        pieces = new byte[vocabularySize][];
        Span<byte> buffer = stackalloc byte[64];
        for (var id = 0; id < vocabularySize; id++)
        {
            var length = (int)model.TokenToSpan((LLamaToken)id, buffer, 0, false);
            pieces[id] = buffer[..Math.Min(length, buffer.Length)].ToArray();
        }
    }

    public string Name => "utf8-guard";

    public void Apply(ref LLamaTokenDataArrayNative tokenData)
    {
        foreach (ref var candidate in tokenData.Data)
        {
            if (IncompleteTail([.. pending, .. pieces[(int)candidate.ID]]) < 0)
            {
                candidate.Logit = float.NegativeInfinity;
            }
        }
    }

    public void Accept(LLamaToken token)
    {
        byte[] text = [.. pending, .. pieces[(int)token]];
        var tail = IncompleteTail(text);
        pending = tail > 0 ? text[^tail..] : [];
    }

    public void Reset() => pending = [];

    public ICustomSampler Clone() => new Utf8GuardSampler(this);

    public void Dispose()
    {
    }

    private Utf8GuardSampler(Utf8GuardSampler other)
    {
        pieces = other.pieces;
        pending = other.pending;
    }

    /// <summary>-1 if <paramref name="bytes"/> is not a prefix of well-formed UTF-8; else how many bytes of an unfinished character end it.</summary>
    internal static int IncompleteTail(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var lead = bytes[i];
            var (length, low, high) = lead switch
            {
                < 0x80 => (1, 0x80, 0xBF),
                >= 0xC2 and <= 0xDF => (2, 0x80, 0xBF),
                0xE0 => (3, 0xA0, 0xBF),
                0xED => (3, 0x80, 0x9F),
                >= 0xE1 and <= 0xEF => (3, 0x80, 0xBF),
                0xF0 => (4, 0x90, 0xBF),
                >= 0xF1 and <= 0xF3 => (4, 0x80, 0xBF),
                0xF4 => (4, 0x80, 0x8F),
                _ => (0, 0, 0),
            };
            if (length == 0)
            {
                return -1;
            }

            for (var k = 1; k < length; k++)
            {
                if (i + k == bytes.Length)
                {
                    return k;
                }

                var b = bytes[i + k];
                if (k == 1 ? b < low || b > high : b < 0x80 || b > 0xBF)
                {
                    return -1;
                }
            }

            i += length;
        }

        return 0;
    }
}
