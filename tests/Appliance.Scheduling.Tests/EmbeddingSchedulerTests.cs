namespace Appliance.Scheduling.Tests;

/// <summary>Embed calls: validation naming the text, model lookup, all-or-none queueing, truncation, normalisation, usage.</summary>
public sealed class EmbeddingSchedulerTests
{
    [Fact]
    public async Task EmbedAsync_TwoTexts_EachGetsItsOwnVectorAndTokensAreSummed()
    {
        await using var h = new BatchHarness();

        var result = await h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("ab", "xyz") with { Normalize = false }, CancellationToken.None).Within();

        Assert.Equal([FakeEmbeddingEngine.RawVector("ab"), FakeEmbeddingEngine.RawVector("xyz")], result.Vectors);
        Assert.Equal(3, result.Dimension);
        Assert.Equal(4 + 5, result.PromptTokens);
        Assert.Equal(0, result.TruncatedTexts);
        Assert.Equal([["ab", "xyz"]], h.EmbeddingEngine.BatchTexts());
    }

    [Fact]
    public async Task EmbedAsync_NormalizeTrue_EveryVectorHasUnitLengthAndKeepsItsDirection()
    {
        await using var h = new BatchHarness();

        var result = await h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("ab", "xyz"), CancellationToken.None).Within();

        foreach (var (vector, text) in result.Vectors.Zip(["ab", "xyz"]))
        {
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 1e-6);
            var raw = FakeEmbeddingEngine.RawVector(text);
            var rawNorm = Math.Sqrt(raw.Sum(v => (double)v * v));
            Assert.All(vector.Zip(raw), p => Assert.Equal(p.Second / rawNorm, p.First, 1e-6));
        }
    }

    [Fact]
    public async Task EmbedAsync_NoModelId_RefusesModelId()
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a") with { ModelId = " " }, CancellationToken.None).Within());

        Assert.Equal("model_id", error.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(EmbeddingScheduler.MaxTexts + 1)]
    public async Task EmbedAsync_NoTextsOrTooMany_RefusesTexts(int count)
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed([.. Enumerable.Repeat("a", count)]), CancellationToken.None).Within());

        Assert.Equal("texts", error.Field);
        Assert.Equal(0, h.Embeddings.WaitingCount);
    }

    [Fact]
    public async Task EmbedAsync_MaxTexts_AreAllEmbedded()
    {
        await using var h = new BatchHarness(options: new SchedulerOptions { MaxWaitingInputs = EmbeddingScheduler.MaxTexts });

        var result = await h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed([.. Enumerable.Range(0, EmbeddingScheduler.MaxTexts).Select(i => $"t{i}")]), CancellationToken.None).Within();

        Assert.Equal(EmbeddingScheduler.MaxTexts, result.Vectors.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task EmbedAsync_EmptyTextAtIndexTwo_RefusesThatText(string empty)
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a", "b", empty, "c"), CancellationToken.None).Within());

        Assert.Equal("texts[2]", error.Field);
        Assert.Empty(h.EmbeddingEngine.Batches);
    }

    [Fact]
    public async Task EmbedAsync_TooLongTextWithoutTruncate_RefusesThatTextNamingTheLimit()
    {
        await using var h = new BatchHarness(maxInputTokens: 5, start: false);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("ab", "abcdef") with { Truncate = false }, CancellationToken.None).Within());

        Assert.Equal("texts[1]", error.Field);
        Assert.Contains("at most 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Embeddings.WaitingCount);
    }

    [Fact]
    public async Task EmbedAsync_TooLongTextWithTruncate_IsCutAndReported()
    {
        await using var h = new BatchHarness(maxInputTokens: 5);

        var result = await h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("ab", "abcdef") with { Truncate = true }, CancellationToken.None).Within();

        Assert.Equal(1, result.TruncatedTexts);
        Assert.Equal(4 + 5, result.PromptTokens);
        Assert.Equal([4, 5], h.EmbeddingEngine.Batches.Single().Select(i => i.TokenIds.Count));
    }

    [Fact]
    public async Task EmbedAsync_MoreTextsThanTheQueueTakes_RefusedWithNothingQueuedAndASmallerCallWorks()
    {
        await using var h = new BatchHarness(options: new SchedulerOptions { MaxWaitingInputs = 2 }, start: false);

        await Assert.ThrowsAsync<CapacityExceededException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a", "b", "c"), CancellationToken.None).Within());
        Assert.Equal(0, h.Embeddings.WaitingCount);
        var smaller = h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("d", "e") with { Normalize = false }, CancellationToken.None);
        Assert.Equal(2, h.Embeddings.WaitingCount);
        h.Start();

        var result = await smaller.Within();
        Assert.Equal([FakeEmbeddingEngine.RawVector("d"), FakeEmbeddingEngine.RawVector("e")], result.Vectors);
        Assert.Equal([["d", "e"]], h.EmbeddingEngine.BatchTexts());
        Assert.Contains("rejected QueueFull", h.Observer.Events);
    }

    [Fact]
    public async Task EmbedAsync_CallerCancelsWhileQueued_CancelledAndItsTextsNeverRun()
    {
        await using var h = new BatchHarness(start: false);
        using var cancel = new CancellationTokenSource();
        var cancelled = h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a", "b"), cancel.Token);
        var other = h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("c"), CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Within());
        h.Start();

        await other.Within();
        Assert.Equal([["c"]], h.EmbeddingEngine.BatchTexts());
    }

    [Fact]
    public async Task EmbedAsync_TextGenerationModel_RefusesModelIdPointingToGenerate()
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a") with { ModelId = "gen" }, CancellationToken.None).Within());

        Assert.Equal("model_id", error.Field);
        Assert.Contains("Generate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_TensorModel_RefusesModelIdPointingToInfer()
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a") with { ModelId = "t" }, CancellationToken.None).Within());

        Assert.Contains("Infer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_UnknownModel_ModelNotFound()
    {
        await using var h = new BatchHarness();

        await Assert.ThrowsAsync<ModelNotFoundException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a") with { ModelId = "nope" }, CancellationToken.None).Within());

        Assert.Equal(["rejected ModelNotFound"], h.Observer.Events);
    }

    [Fact]
    public async Task EmbedAsync_ModelStillLoading_Unavailable()
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a") with { ModelId = "loading-e" }, CancellationToken.None).Within());

        Assert.Contains("loading", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_ModelFailedToLoad_UnavailableWithTheReason()
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a") with { ModelId = "failed-e" }, CancellationToken.None).Within());

        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_WorkerStopped_Unavailable()
    {
        await using var h = new BatchHarness();
        await h.Embeddings.StopAsync(CancellationToken.None).Within();

        await Assert.ThrowsAsync<ModelUnavailableException>(() => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a"), CancellationToken.None).Within());

        Assert.Equal(["rejected ModelUnavailable"], h.Observer.Events);
    }

    [Fact]
    public async Task EmbedAsync_Lifecycle_ReportsQueuedAdmittedFinishedAndTheStep()
    {
        await using var h = new BatchHarness();

        await h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("ab", "c") with { ClientId = "his" }, CancellationToken.None).Within();
        await Bounded.UntilAsync(() => h.Observer.Events.Any(e => e.StartsWith("step", StringComparison.Ordinal)));

        Assert.Equal(
            ["queued his Normal 7", "admitted his", "admitted his", "finished his Stop 0", "finished his Stop 0", "step 2x7"],
            h.Observer.Events);
    }

    [Fact]
    public void Normalize_ZeroVector_StaysZero()
    {
        float[] vector = [0, 0, 0];

        EmbeddingScheduler.Normalize(vector);

        Assert.Equal([0f, 0f, 0f], vector);
    }

    [Fact]
    public async Task EmbeddingWorker_Disposed_DisposesTheEngine()
    {
        var engine = new FakeEmbeddingEngine();
        var worker = new EmbeddingWorker("e", engine, new BatchLimits(1, TimeSpan.Zero), new SchedulerOptions(), new RecordingTimeProvider(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        worker.Start();

        await worker.DisposeAsync().AsTask().Within();

        Assert.True(engine.Disposed);
    }
}
