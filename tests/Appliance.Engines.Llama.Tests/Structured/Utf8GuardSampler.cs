using LLama.Native;

namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>
/// Masks every token whose bytes would make the output so far ill-formed UTF-8. Needed beside llama.cpp's
/// grammar sampler: its UTF-8 decoder does not check continuation bytes, so with byte-fallback tokens a model
/// can emit a lead byte and then ASCII, which the grammar counts as one character (breaking maxLength) and a
/// .NET decoder turns into U+FFFD. The reference chain's guard: the production sampler has its own
/// (<see cref="Utf8TokenTable"/>), which must mask the same tokens.
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

    private static int IncompleteTail(ReadOnlySpan<byte> bytes) => Utf8TokenTable.IncompleteTail(bytes);
}
