using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// Every token's bytes, read once per model, for the UTF-8 guard of constrained sequences.
/// llama.cpp's grammar decoder does not check continuation bytes, so with byte-fallback tokens a
/// model could write a lead byte followed by ASCII: the grammar counts one character (breaking
/// <c>maxLength</c>) and a .NET decoder makes U+FFFD of it. The guard masks every token whose
/// bytes would make the output ill-formed UTF-8, before the grammar sees the candidates.
/// </summary>
internal sealed class Utf8TokenTable
{
    private readonly byte[][] _pieces;
    private readonly sbyte[] _tailAfterCompleteText;

    public Utf8TokenTable(SafeLlamaModelHandle model, int vocabularySize)
    {
        _pieces = new byte[vocabularySize][];
        _tailAfterCompleteText = new sbyte[vocabularySize];
        Span<byte> buffer = stackalloc byte[256];
        for (var id = 0; id < vocabularySize; id++)
        {
            var length = (int)model.TokenToSpan((LLamaToken)id, buffer, 0, false);
            var piece = length <= buffer.Length ? buffer[..length].ToArray() : ReadLong(model, id, length);
            _pieces[id] = piece;
            _tailAfterCompleteText[id] = (sbyte)IncompleteTail(piece);
        }
    }

    /// <summary>
    /// True when <paramref name="token"/>'s bytes may follow output that ends with the unfinished
    /// character <paramref name="pending"/> (empty: the output so far is complete UTF-8).
    /// </summary>
    public bool Fits(int token, ReadOnlySpan<byte> pending)
    {
        if ((uint)token >= (uint)_pieces.Length)
        {
            return true; // not a token of this vocabulary: the grammar decides
        }

        if (pending.IsEmpty)
        {
            return _tailAfterCompleteText[token] >= 0;
        }

        Span<byte> joined = stackalloc byte[pending.Length + _pieces[token].Length];
        pending.CopyTo(joined);
        _pieces[token].CopyTo(joined[pending.Length..]);
        return IncompleteTail(joined) >= 0;
    }

    /// <summary>The unfinished character at the end of <paramref name="pending"/> followed by <paramref name="token"/>.</summary>
    public byte[] PendingAfter(int token, ReadOnlySpan<byte> pending)
    {
        if ((uint)token >= (uint)_pieces.Length)
        {
            return [];
        }

        if (pending.IsEmpty && _tailAfterCompleteText[token] <= 0)
        {
            return []; // the usual case: a whole character (or ill-formed text, which resets the guard)
        }

        byte[] joined = [.. pending, .. _pieces[token]];
        var tail = IncompleteTail(joined);
        return tail > 0 ? joined[^tail..] : [];
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

    private static byte[] ReadLong(SafeLlamaModelHandle model, int id, int length)
    {
        var piece = new byte[length];
        model.TokenToSpan((LLamaToken)id, piece, 0, false);
        return piece;
    }
}
