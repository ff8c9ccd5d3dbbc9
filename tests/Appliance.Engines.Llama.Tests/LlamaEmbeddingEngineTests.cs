using Appliance.Core.Inference;
using Appliance.Core.Models;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Engines.Llama.Tests;

/// <summary>
/// The embedding port on the real LLamaSharp engine and the tiny synthetic GGUF. Its weights are
/// random, so these check mechanics (shape, determinism, batching, pooling, truncation), not meaning.
/// </summary>
public sealed class LlamaEmbeddingEngineTests : IAsyncLifetime
{
    /// <summary>
    /// Batched and alone differ only by float rounding: the same sequence goes through matrix
    /// products and attention of other shapes (more rows, more masked KV cells). Measured here:
    /// at most 2.4e-7 on vectors of norm 4 to 7; different texts differ by more than 1e-1.
    /// </summary>
    private const float BatchTolerance = 1e-5f;

    private const int ContextLength = 32;
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(1);

    private readonly TempFolder _folder = new("appliance-embed");
    private string _path = null!;
    private IEmbeddingEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _path = _folder.Combine("tiny.gguf");
        SyntheticModel.WriteFile(_path, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = GgmlType.F32, Seed = 7 });
        _engine = await TestEngines.LoadEmbeddingAsync(_path, EmbeddingPooling.Mean, ContextLength).WaitAsync(LoadTimeout);
    }

    public Task DisposeAsync()
    {
        _engine.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Properties_ComeFromTheModelAndTheManifest()
    {
        Assert.Equal(SyntheticModelShape.Tiny.EmbeddingLength, _engine.Dimension);
        Assert.Equal(64, _engine.Dimension);
        Assert.Equal(ContextLength, _engine.MaxInputTokens);
        Assert.Contains("llama.cpp", _engine.Backend, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_OneText_GivesAFiniteNonZeroVectorOfTheModelsDimension()
    {
        var vector = Assert.Single(Embed("The patient has chest pain."));

        Assert.Equal(_engine.Dimension, vector.Length);
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(vector, v => v != 0);
    }

    [Fact]
    public void Embed_SameTextTwice_GivesTheSameVector()
    {
        var first = Embed("fever and cough")[0];
        var second = Embed("fever and cough")[0];

        Assert.Equal(first, second);
    }

    [Fact]
    public void Embed_BatchOfThree_GivesEachTextItsVectorAlone()
    {
        string[] texts = ["The patient has chest pain.", "fever", "血压 120/80 mmHg，无发热。"];

        var batched = Embed(texts);

        Assert.Equal(3, batched.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(MaxAbsDiff(Embed(texts[i])[0], batched[i]) < BatchTolerance, $"text {i} differs batched vs alone");
        }
    }

    [Fact]
    public void Embed_MoreTextsThanOneDecodeHolds_PacksSeveralDecodesInOrder()
    {
        // 4 sequences and 64 tokens per decode: 7 texts of up to 32 tokens need at least 3 decodes.
        var texts = Enumerable.Range(0, 7)
            .Select(i => string.Join(' ', Enumerable.Repeat(i % 2 == 0 ? "pain" : "the patient has fever", i + 1)))
            .ToArray();

        var batched = Embed(texts);

        Assert.Equal(texts.Length, batched.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(MaxAbsDiff(Embed(texts[i])[0], batched[i]) < BatchTolerance, $"text {i} differs batched vs alone");
        }
    }

    [Fact]
    public void Embed_DifferentTexts_GiveDifferentVectors()
    {
        var vectors = Embed("chest pain", "broken leg");

        Assert.True(MaxAbsDiff(vectors[0], vectors[1]) > 1e-3f);
    }

    [Fact]
    public void Tokenize_ControlTokenTextInATextToEmbed_IsPlainText()
    {
        var text = _engine.Tokenize("<|im_start|>system", truncate: false).TokenIds;
        var lookAlike = _engine.Tokenize("<!im_start!>system", truncate: false).TokenIds;

        Assert.Equal(lookAlike.Count, text.Count);
        Assert.DoesNotContain(text, t => t is 3 or 4); // <|im_start|>, <|im_end|>
    }

    [Fact]
    public async Task Embed_MeanAndClsPooling_GiveDifferentVectors()
    {
        using var cls = await TestEngines.LoadEmbeddingAsync(_path, EmbeddingPooling.Cls, ContextLength).WaitAsync(LoadTimeout);
        var input = _engine.Tokenize("The patient has chest pain.", truncate: false);

        var mean = _engine.Embed([input], CancellationToken.None)[0];
        var first = cls.Embed([input], CancellationToken.None)[0];

        Assert.Equal(mean.Length, first.Length);
        Assert.True(MaxAbsDiff(mean, first) > 1e-3f);
    }

    [Fact]
    public async Task Embed_Mean_IsLLamaEmbeddersVectorBeforeNormalisation()
    {
        // LLamaSharp's own embedder (a fresh context per text, L2-normalised output) as the reference.
        const string Text = "The patient has chest pain.";
        var parameters = new ModelParams(_path)
        {
            ContextSize = 64, BatchSize = 64, UBatchSize = 64, Embeddings = true, PoolingType = LLamaPoolingType.Mean, GpuLayerCount = 0, Threads = 2,
        };
        using var weights = await LLamaWeights.LoadFromFileAsync(parameters, CancellationToken.None).WaitAsync(LoadTimeout);
        using var embedder = new LLamaEmbedder(weights, parameters);
        var reference = (await embedder.GetEmbeddings(Text).WaitAsync(LoadTimeout))[0];

        var raw = Embed(Text)[0];
        var norm = MathF.Sqrt(raw.Sum(v => v * v));

        Assert.True(Math.Abs(norm - 1) > 0.1f, $"norm {norm}: the engine must not normalise");
        Assert.True(MaxAbsDiff(reference, raw.Select(v => v / norm).ToArray()) < BatchTolerance);
    }

    [Fact]
    public void Tokenize_LongTextWithTruncate_CutsToTheContextLength()
    {
        var text = string.Join(' ', Enumerable.Repeat("the patient has chest pain and fever", 20));

        var whole = _engine.Tokenize(text, truncate: false);
        var cut = _engine.Tokenize(text, truncate: true);

        Assert.True(whole.TokenIds.Count > ContextLength);
        Assert.False(whole.Truncated);
        Assert.Equal(ContextLength, cut.TokenIds.Count);
        Assert.True(cut.Truncated);
        Assert.Equal(whole.TokenIds.Take(ContextLength), cut.TokenIds);
        Assert.Equal(_engine.Dimension, _engine.Embed([cut], CancellationToken.None)[0].Length);
    }

    [Theory]
    [InlineData("the patient has chest pain and fever ")]
    [InlineData("患者胸痛三天，伴有发热。")]
    [InlineData("🩺x")] // a surrogate pair wherever the head is cut
    public void Tokenize_HugeTextWithTruncate_TokenisesOnlyAHeadWithTheWholeTextsTokens(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 200_000 / unit.Length));

        var whole = _engine.Tokenize(text, truncate: false);
        var cut = _engine.Tokenize(text, truncate: true);

        Assert.True(cut.Truncated);
        Assert.Equal(whole.TokenIds.Take(ContextLength), cut.TokenIds);
    }

    [Fact]
    public void Tokenize_ShortText_AddsBosAndIsNotTruncated()
    {
        var input = _engine.Tokenize("fever", truncate: true);

        Assert.Equal(1, input.TokenIds[0]);
        Assert.False(input.Truncated);
        Assert.True(input.TokenIds.Count < ContextLength);
    }

    [Fact]
    public void Embed_ChineseText_TokenizesAndEmbeds()
    {
        var input = _engine.Tokenize("患者胸痛三天，伴有发热。", truncate: false);

        var vector = _engine.Embed([input], CancellationToken.None)[0];

        Assert.True(input.TokenIds.Count > 2);
        Assert.DoesNotContain(input.TokenIds.Skip(1), id => id == 0); // byte fallback, no <unk>
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        Assert.True(MaxAbsDiff(vector, Embed("chest pain")[0]) > 1e-3f);
    }

    [Fact]
    public void Embed_PreCancelledToken_ThrowsOperationCanceled()
    {
        var input = _engine.Tokenize("fever", truncate: false);

        Assert.ThrowsAny<OperationCanceledException>(() => _engine.Embed([input], new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Embed_InputLongerThanTheLimit_IsRefused()
    {
        var whole = _engine.Tokenize(string.Join(' ', Enumerable.Repeat("pain", 100)), truncate: false);

        Assert.Throws<ArgumentException>(() => _engine.Embed([whole], CancellationToken.None));
    }

    [Fact]
    public async Task Tokenize_FromOtherThreadsWhileEmbedding_GivesTheSameTokens()
    {
        const string Text = "血压 120/80 mmHg, the patient has fever";
        var expected = _engine.Tokenize(Text, truncate: false).TokenIds;
        var batch = Enumerable.Range(0, 8).Select(_ => _engine.Tokenize(Text, truncate: false)).ToArray();

        // Two threads tokenise while this one (the "batch worker") decodes until both are done.
        var tokenizers = Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                Assert.Equal(expected, _engine.Tokenize(Text, truncate: false).TokenIds);
            }
        })));
        var decodes = 0;
        while (!tokenizers.IsCompleted && decodes < 10_000)
        {
            Assert.Equal(batch.Length, _engine.Embed(batch, CancellationToken.None).Count);
            decodes++;
        }

        await tokenizers.WaitAsync(LoadTimeout);
        Assert.True(decodes > 0);
    }

    [Fact]
    public async Task LoadAsync_TextGenerationManifest_IsRefused()
    {
        var loader = TestEngines.EmbeddingLoader();
        var manifest = TestManifests.TextGeneration("tiny", _path) with { ContextLength = ContextLength };

        Assert.Equal(ModelFormat.Gguf, loader.Format);
        await Assert.ThrowsAsync<ArgumentException>(() => loader.LoadAsync(manifest, CancellationToken.None).Within());
    }

    private IReadOnlyList<float[]> Embed(params string[] texts) =>
        _engine.Embed(texts.Select(t => _engine.Tokenize(t, truncate: false)).ToArray(), CancellationToken.None);

    private static float MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
