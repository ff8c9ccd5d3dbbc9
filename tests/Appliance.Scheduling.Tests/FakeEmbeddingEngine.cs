using System.Collections.Concurrent;
using Appliance.Core.Inference;

namespace Appliance.Scheduling.Tests;

/// <summary>
/// Deterministic embedding engine: a text is [CLS]=101, one token per character, [SEP]=102;
/// its raw vector is (token count, first character, 1), so every caller's vector is checkable.
/// Records every batch it ran.
/// </summary>
internal sealed class FakeEmbeddingEngine : IEmbeddingEngine
{
    public FakeEmbeddingEngine(int maxInputTokens = 16)
    {
        MaxInputTokens = maxInputTokens;
    }

    public int Dimension => 3;

    public int MaxInputTokens { get; }

    public string Backend => "fake";

    public ConcurrentQueue<IReadOnlyList<EmbeddingInput>> Batches { get; } = new();

    public RunControl Control { get; } = new();

    public bool Disposed { get; private set; }

    /// <summary>The vector <see cref="Embed"/> returns for a text (before any normalisation), when it fits.</summary>
    public static float[] RawVector(string text) => [text.Length + 2, text[0], 1];

    /// <summary>How many texts were tokenised.</summary>
    public int Tokenizations;

    /// <summary>Runs after each text is tokenised (a test cancels the call there).</summary>
    public Action? Tokenized { get; set; }

    public EmbeddingInput Tokenize(string text, bool truncate)
    {
        Interlocked.Increment(ref Tokenizations);
        Tokenized?.Invoke();
        List<int> ids = [101, .. text.Select(c => (int)c), 102];
        if (truncate && ids.Count > MaxInputTokens)
        {
            return new EmbeddingInput([.. ids.Take(MaxInputTokens - 1), 102], true);
        }

        return new EmbeddingInput(ids, false);
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<EmbeddingInput> batch, CancellationToken cancellationToken)
    {
        Batches.Enqueue([.. batch]);
        Control.Enter(cancellationToken);
        return [.. batch.Select(i => new float[] { i.TokenIds.Count, i.TokenIds[1], 1 })];
    }

    /// <summary>The texts of every batch run, rebuilt from the tokens.</summary>
    public List<string[]> BatchTexts() =>
        [.. Batches.Select(b => b.Select(i => new string([.. i.TokenIds.Skip(1).SkipLast(1).Select(t => (char)t)])).ToArray())];

    public void Dispose()
    {
        Disposed = true;
        Control.Dispose();
    }
}
