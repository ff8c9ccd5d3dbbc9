using System.Numerics.Tensors;
using Appliance.Core.Inference;
using Appliance.Core.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Appliance.Engines.Onnx;

/// <summary>
/// A BERT-style text embedding model on ONNX Runtime with its WordPiece tokenizer: one run per
/// batch, padded to the batch's longest text, pooled per the manifest, vectors not normalised.
/// </summary>
internal sealed class OnnxEmbeddingEngine : IEmbeddingEngine
{
    /// <summary>
    /// More tokens than one word can yield: WordPiece turns a word of over 100 characters into one
    /// [UNK], and a shorter word into at most one token per character.
    /// </summary>
    private const int OneWordAtMost = 128;

    private readonly OnnxSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly EmbeddingModelLayout _layout;
    private readonly EmbeddingPooling _pooling;
    private readonly string[] _outputNames;

    public OnnxEmbeddingEngine(OnnxSession session, BertTokenizer tokenizer, EmbeddingModelLayout layout, ModelManifest manifest)
    {
        _session = session;
        _tokenizer = tokenizer;
        _layout = layout;
        _pooling = manifest.Pooling;
        _outputNames = [layout.OutputName];
        MaxInputTokens = manifest.ContextLength;
    }

    public int Dimension => _layout.Dimension;

    public int MaxInputTokens { get; }

    public string Backend => _session.Backend;

    /// <summary>
    /// [CLS] tokens [SEP]. Truncating keeps the first tokens and the closing [SEP], as the model was
    /// trained; the tokenizer stops after what can fit, so a huge text costs no more than a long one.
    /// </summary>
    public EmbeddingInput Tokenize(string text, bool truncate)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!truncate)
        {
            return new EmbeddingInput(_tokenizer.EncodeToIds(text, addSpecialTokens: true), Truncated: false);
        }

        var room = MaxInputTokens - 2;
        var ids = _tokenizer.EncodeToIds(text, room + OneWordAtMost, addSpecialTokens: false, out _, out _);
        var kept = Math.Min(ids.Count, room);
        var tokens = new int[kept + 2];
        tokens[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++)
        {
            tokens[i + 1] = ids[i];
        }

        tokens[^1] = _tokenizer.SeparatorTokenId;
        return new EmbeddingInput(tokens, Truncated: ids.Count > room);
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<EmbeddingInput> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_session.IsDisposed, this);
        if (batch.Count == 0)
        {
            return [];
        }

        var longest = 0;
        foreach (var input in batch)
        {
            if (input.TokenIds.Count == 0 || input.TokenIds.Count > MaxInputTokens)
            {
                throw new ArgumentException($"a text has {input.TokenIds.Count} tokens; 1 to {MaxInputTokens} fit", nameof(batch));
            }

            longest = Math.Max(longest, input.TokenIds.Count);
        }

        var length = _layout.FixedSequenceLength ?? longest;
        var shape = new long[] { batch.Count, length };
        var (ids, mask) = Pad(batch, length);
        using var inputs = new OrtValues(_layout.Roles.Length);
        for (var k = 0; k < _layout.Roles.Length; k++)
        {
            var data = _layout.Roles[k] switch
            {
                EmbeddingInputRole.TokenIds => ids,
                EmbeddingInputRole.AttentionMask => mask,
                _ => new long[ids.Length],
            };
            inputs.Add(OrtValue.CreateTensorValueFromMemory(data, shape));
        }

        IReadOnlyList<float[]> vectors;
        using (var outputs = OnnxRunner.Run(_session.Session, _layout.InputNames, inputs.Values, _outputNames, cancellationToken))
        {
            vectors = Pool(outputs[0], batch, length);
        }

        if ((long)batch.Count * length >= NativeHeap.LargeRunTokens)
        {
            NativeHeap.Trim(); // the run's buffers (and its [batch, length, dim] output) are freed: give the pages back
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();

    /// <summary>Token ids [batch, length] padded on the right with [PAD], and the attention mask (1 = token, 0 = padding).</summary>
    private (long[] Ids, long[] Mask) Pad(IReadOnlyList<EmbeddingInput> batch, int length)
    {
        var ids = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        if (_tokenizer.PaddingTokenId != 0)
        {
            Array.Fill(ids, _tokenizer.PaddingTokenId);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var tokens = batch[i].TokenIds;
            for (var j = 0; j < tokens.Count; j++)
            {
                ids[(i * length) + j] = tokens[j];
                mask[(i * length) + j] = 1;
            }
        }

        return (ids, mask);
    }

    private float[][] Pool(OrtValue output, IReadOnlyList<EmbeddingInput> batch, int length)
    {
        var values = output.GetTensorDataAsSpan<float>();
        var dimension = Dimension;
        var vectors = new float[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            if (_layout.OutputIsPooled)
            {
                vectors[i] = values.Slice(i * dimension, dimension).ToArray();
                continue;
            }

            var text = values.Slice(i * length * dimension, length * dimension);
            if (_pooling == EmbeddingPooling.Cls)
            {
                vectors[i] = text[..dimension].ToArray();
                continue;
            }

            // Mean over the attention mask: the text's own tokens ([CLS] and [SEP] included), never padding.
            var tokens = batch[i].TokenIds.Count;
            var sum = new float[dimension];
            for (var j = 0; j < tokens; j++)
            {
                TensorPrimitives.Add(sum, text.Slice(j * dimension, dimension), sum);
            }

            TensorPrimitives.Divide(sum, tokens, sum);
            vectors[i] = sum;
        }

        return vectors;
    }
}
