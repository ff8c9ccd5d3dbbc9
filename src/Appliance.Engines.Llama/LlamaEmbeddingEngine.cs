using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Appliance.Core.Errors;
using Appliance.Core.Inference;
using LLama;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// A GGUF embedding model in one llama.cpp context with embeddings on and Mean or CLS pooling.
/// A batch is packed into as few synchronous <c>llama_decode</c> calls as the context allows
/// (up to <see cref="LlamaEmbeddingLimits.SequencesPerDecode"/> texts and
/// <see cref="LlamaEmbeddingLimits.TokensPerDecode"/> tokens each), one sequence id per text, and
/// each text's vector is read with <c>llama_get_embeddings_seq</c>.
/// </summary>
/// <remarks>
/// <para>Not <see cref="LLamaEmbedder"/>: it builds a new context for every text, decodes on a
/// thread-pool thread (<c>DecodeAsync</c>), and L2-normalises its output, while the port wants raw
/// pooled vectors computed on the caller's thread.</para>
/// <para>Threading: <see cref="Embed"/> comes from the model's one batch worker thread (decode is
/// not re-entrant, and llama.cpp's OpenMP pool is per calling thread). <see cref="Tokenize"/> may
/// run on any thread at the same time: it reads only the model's vocabulary, never the context.</para>
/// </remarks>
internal sealed class LlamaEmbeddingEngine : IEmbeddingEngine
{
    /// <summary>Characters of a truncated text tokenised per token kept: real text averages 2-6 characters a token.</summary>
    private const int HeadCharsPerToken = 16;

    /// <summary>Tokens beyond those kept that the head must yield, so the cut never falls near the kept ones.</summary>
    private const int HeadMarginTokens = 16;

    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly LlamaEmbeddingLimits _limits;
    private readonly bool _encoderOnly;
    private readonly LLamaBatch _batch = new();
    private bool _disposed;

    public LlamaEmbeddingEngine(LLamaWeights weights, LLamaContext context, LlamaEmbeddingLimits limits, string backend)
    {
        _weights = weights;
        _context = context;
        _limits = limits;
        _encoderOnly = weights.NativeHandle is { HasEncoder: true, HasDecoder: false };
        Backend = backend;
        Dimension = weights.EmbeddingSize;
    }

    public int Dimension { get; }

    public int MaxInputTokens => _limits.MaxInputTokens;

    public string Backend { get; }

    public EmbeddingInput Tokenize(string text, bool truncate)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Truncating keeps only the head, so only a head is tokenised: a 1 MiB text then costs no more
        // CPU than a long one (tokenising is one native call no deadline interrupts). The head holds far
        // more tokens than are kept, so its first tokens are the whole text's; should it not (tokens
        // longer than HeadCharsPerToken on average), the whole text is tokenised after all.
        var head = truncate ? Head(text) : text;
        var tokens = TokenizeAll(head);
        if (head.Length < text.Length && tokens.Length < MaxInputTokens + HeadMarginTokens)
        {
            tokens = TokenizeAll(text);
        }

        if (tokens.Length <= MaxInputTokens || !truncate)
        {
            return new EmbeddingInput(ToIds(tokens, tokens.Length, 0), Truncated: false);
        }

        // Cut the text, not the markers: keep the head and the trailing special tokens (a BERT
        // model's [SEP] must stay last).
        var trailing = _limits.TrailingSpecialTokens;
        return new EmbeddingInput(ToIds(tokens, MaxInputTokens - trailing, trailing), Truncated: true);
    }

    // add_special: BOS/EOS/[CLS]/[SEP] exactly as the GGUF's tokenizer flags say. User text is
    // never parsed for control tokens: "<s>" typed by a user stays text.
    private LLamaToken[] TokenizeAll(string text) => _weights.NativeHandle.Tokenize(text, addBos: true, special: false, Encoding.UTF8);

    /// <summary>The text's first <see cref="MaxInputTokens"/> × <see cref="HeadCharsPerToken"/> characters (never half a surrogate pair).</summary>
    private string Head(string text)
    {
        var length = (long)MaxInputTokens * HeadCharsPerToken;
        if (text.Length <= length)
        {
            return text;
        }

        var cut = (int)length;
        return text[..(char.IsHighSurrogate(text[cut - 1]) ? cut - 1 : cut)];
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<EmbeddingInput> batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        for (var i = 0; i < batch.Count; i++)
        {
            var count = batch[i].TokenIds.Count;
            if (count == 0 || count > MaxInputTokens)
            {
                throw new ArgumentException($"input {i} has {count} tokens; 1 to {MaxInputTokens} are allowed", nameof(batch));
            }
        }

        var vectors = new float[batch.Count][];
        var start = 0;
        while (start < batch.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = GroupEnd(batch, start);
            DecodeGroup(batch, start, end, vectors);
            start = end;
        }

        return vectors;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _context.Dispose();
        _weights.Dispose();
    }

    /// <summary>The end (exclusive) of the longest run of texts from <paramref name="start"/> that fits one decode.</summary>
    private int GroupEnd(IReadOnlyList<EmbeddingInput> batch, int start)
    {
        var end = start;
        var tokens = 0;
        while (end < batch.Count
            && end - start < _limits.SequencesPerDecode
            && tokens + batch[end].TokenIds.Count <= _limits.TokensPerDecode)
        {
            tokens += batch[end].TokenIds.Count;
            end++;
        }

        return end;
    }

    /// <summary>One decode of texts [start, end), text i as sequence i - start from position 0.</summary>
    private void DecodeGroup(IReadOnlyList<EmbeddingInput> batch, int start, int end, float[][] vectors)
    {
        // Every text starts at position 0 of an empty sequence: forget the previous decode's cells.
        // Sequences never attend to each other (the KV mask is per sequence id).
        _context.NativeHandle.MemoryClear(data: false);
        _batch.Clear();
        for (var i = start; i < end; i++)
        {
            var ids = batch[i].TokenIds;
            var sequence = (LLamaSeqId)(i - start);
            for (var position = 0; position < ids.Count; position++)
            {
                _batch.Add((LLamaToken)ids[position], position, sequence, logits: true);
            }
        }

        if (_encoderOnly)
        {
            var encoded = _context.Encode(_batch);
            if (encoded != EncodeResult.Ok)
            {
                throw new EngineFailureException($"llama_encode returned {encoded} for {end - start} texts, {_batch.TokenCount} tokens");
            }
        }
        else
        {
            var decoded = _context.Decode(_batch);
            if (decoded != DecodeResult.Ok)
            {
                throw new EngineFailureException($"llama_decode returned {decoded} for {end - start} texts, {_batch.TokenCount} tokens");
            }
        }

        for (var i = start; i < end; i++)
        {
            var pooled = _context.NativeHandle.GetEmbeddingsSeq((LLamaSeqId)(i - start));

            // LLamaSharp wraps llama.cpp's pointer without a null check; null means no pooled output.
            if (Unsafe.IsNullRef(ref MemoryMarshal.GetReference(pooled)))
            {
                throw new EngineFailureException($"llama.cpp returned no pooled embedding for sequence {i - start}");
            }

            vectors[i] = pooled.ToArray();
        }
    }

    private static int[] ToIds(LLamaToken[] tokens, int head, int tail)
    {
        var ids = new int[head + tail];
        for (var i = 0; i < head; i++)
        {
            ids[i] = (int)tokens[i];
        }

        for (var i = 0; i < tail; i++)
        {
            ids[head + i] = (int)tokens[tokens.Length - tail + i];
        }

        return ids;
    }
}
