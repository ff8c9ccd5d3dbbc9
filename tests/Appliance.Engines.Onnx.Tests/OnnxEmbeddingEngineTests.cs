namespace Appliance.Engines.Onnx.Tests;

/// <summary>The embedding engine on the real all-MiniLM-L6-v2 weights.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class OnnxEmbeddingEngineTests
{
    private const int Cls = 101;
    private const int Sep = 102;
    private readonly MiniLmFixture _fixture;
    private readonly IEmbeddingEngine _engine;

    public OnnxEmbeddingEngineTests(MiniLmFixture fixture)
    {
        _fixture = fixture;
        _engine = fixture.Engine;
    }

    [Fact]
    public void Properties_ComeFromTheModelAndManifest()
    {
        Assert.Equal(384, _engine.Dimension);
        Assert.Equal(256, _engine.MaxInputTokens);
        Assert.Equal("ONNX Runtime 1.31.0, CPU", _engine.Backend);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tokenize_SpecialTokenTextInATextToEmbed_IsPlainText(bool truncate)
    {
        var ids = _engine.Tokenize("fever [SEP] [CLS] chills [MASK] [PAD]", truncate).TokenIds;
        var plain = _engine.Tokenize("fever [sep] [cls] chills [mask] [pad]", truncate).TokenIds; // the uncased vocabulary lowercases

        Assert.Equal((Cls, Sep), (ids[0], ids[^1]));
        Assert.DoesNotContain(ids.Skip(1).SkipLast(1), t => t is Cls or Sep or 103 or 0); // [MASK] 103, [PAD] 0
        Assert.Equal(plain, ids);
    }

    [Fact]
    public void Embed_MedicalSynonyms_AreCloserThanUnrelatedTerms()
    {
        var vectors = Embed("myocardial infarction", "heart attack", "fractured femur");

        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        var synonyms = Cosine(vectors[0], vectors[1]);
        var unrelated = Cosine(vectors[0], vectors[2]);
        Assert.True(synonyms > unrelated + 0.2, $"cos(synonyms) {synonyms:F3}, cos(unrelated) {unrelated:F3}");
        Assert.InRange(synonyms, 0.5, 0.7);
    }

    [Fact]
    public void Embed_Batch_GivesEachTextTheVectorItGetsAlone()
    {
        string[] texts =
        [
            "fever",
            "The patient presented with acute chest pain radiating to the left arm and was admitted to the cardiac care unit.",
            "chest pain",
            "Discharge summary: pneumonia treated with amoxicillin, afebrile since day three.",
        ];
        var inputs = texts.Select(t => _engine.Tokenize(t, truncate: true)).ToList();

        var batched = _engine.Embed(inputs, CancellationToken.None);

        Assert.True(inputs.Select(i => i.TokenIds.Count).Distinct().Count() == texts.Length, "texts of different lengths");
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = Assert.Single(_engine.Embed([inputs[i]], CancellationToken.None));
            var difference = alone.Zip(batched[i], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(difference < 1e-5, $"text {i}: max difference {difference}");
        }
    }

    [Fact]
    public async Task Embed_ClsPooling_TakesTheFirstTokenWhateverThePadding()
    {
        var manifest = _fixture.Manifest with { Pooling = EmbeddingPooling.Cls };
        using var cls = await OnnxTestEngines.EmbeddingLoader().LoadAsync(manifest, CancellationToken.None).Within(Bounded.StartTimeout);
        var fever = cls.Tokenize("fever", truncate: true);
        var longer = cls.Tokenize("fever and chills for three days, no cough", truncate: true);

        var alone = Assert.Single(cls.Embed([fever], CancellationToken.None));
        var batched = cls.Embed([longer, fever], CancellationToken.None);
        var mean = Assert.Single(_engine.Embed([fever], CancellationToken.None));

        Assert.Equal(384, alone.Length);
        Assert.True(alone.Zip(batched[1], (a, b) => Math.Abs(a - b)).Max() < 1e-5);
        Assert.True(alone.Zip(mean, (a, b) => Math.Abs(a - b)).Max() > 1e-2);
    }

    [Fact]
    public void Embed_ChineseText_TokenisesAndGivesAFiniteVector()
    {
        var input = _engine.Tokenize("患者主诉胸痛三天", truncate: true);

        var vector = Assert.Single(_engine.Embed([input], CancellationToken.None));

        Assert.Equal(Cls, input.TokenIds[0]);
        Assert.Equal(Sep, input.TokenIds[^1]);
        Assert.True(input.TokenIds.Count > 2);
        Assert.All(vector, x => Assert.True(float.IsFinite(x)));
        Assert.Contains(vector, x => x != 0);
    }

    [Fact]
    public void Tokenize_LongTextWithTruncation_KeepsMaxTokensEndingInSep()
    {
        var text = string.Join(' ', Enumerable.Repeat("patient", 1000));

        var truncated = _engine.Tokenize(text, truncate: true);
        var whole = _engine.Tokenize(text, truncate: false);

        Assert.True(truncated.Truncated);
        Assert.Equal(_engine.MaxInputTokens, truncated.TokenIds.Count);
        Assert.Equal(Cls, truncated.TokenIds[0]);
        Assert.Equal(Sep, truncated.TokenIds[^1]);
        Assert.False(whole.Truncated);
        Assert.Equal(1002, whole.TokenIds.Count);
        Assert.Equal(whole.TokenIds.Take(_engine.MaxInputTokens - 1), truncated.TokenIds.Take(_engine.MaxInputTokens - 1));
    }

    [Theory]
    [InlineData(254, false)]
    [InlineData(255, true)]
    public void Tokenize_AtTheLimit_TruncatesOnlyWhatDoesNotFit(int words, bool truncated)
    {
        var input = _engine.Tokenize(string.Join(' ', Enumerable.Repeat("fever", words)), truncate: true);

        Assert.Equal(truncated, input.Truncated);
        Assert.Equal(Math.Min(words + 2, 256), input.TokenIds.Count);
    }

    [Fact]
    public void Tokenize_AccentsOnAnUncasedVocabulary_AreStripped()
    {
        var accented = _engine.Tokenize("Café résumé", truncate: true);
        var plain = _engine.Tokenize("cafe resume", truncate: true);

        Assert.Equal(plain.TokenIds, accented.TokenIds);
    }

    [Fact]
    public void Embed_PreCancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => _engine.Embed([_engine.Tokenize("fever", true)], cancelled.Token));
    }

    [Fact]
    public void Embed_CancelledDuringALongBatch_TerminatesTheRun()
    {
        var text = string.Join(' ', Enumerable.Repeat("dyspnoea", 400));
        var batch = Enumerable.Range(0, 32).Select(_ => _engine.Tokenize(text, truncate: true)).ToList();
        using var cancellation = new CancellationTokenSource();

        // A dedicated thread, not a timer: with the thread pool busy with other test classes a timer
        // callback can come later than the whole run (about 2 s on 2 cores).
        var canceller = new Thread(() =>
        {
            Thread.Sleep(20);
            cancellation.Cancel();
        });
        canceller.Start();

        Assert.Throws<OperationCanceledException>(() => _engine.Embed(batch, cancellation.Token));
        canceller.Join();
        Assert.All(batch, input => Assert.Equal(256, input.TokenIds.Count));
    }

    private IReadOnlyList<float[]> Embed(params string[] texts) =>
        _engine.Embed([.. texts.Select(t => _engine.Tokenize(t, truncate: true))], CancellationToken.None);

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
