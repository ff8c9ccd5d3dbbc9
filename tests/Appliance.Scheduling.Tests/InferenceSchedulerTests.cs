using Appliance.Core.Inference;

namespace Appliance.Scheduling.Tests;

/// <summary>Infer calls through the batcher: outputs per caller, batching keys, unbatchable models, refusals.</summary>
public sealed class InferenceSchedulerTests
{
    [Fact]
    public async Task InferAsync_ValidCall_ReturnsTheOutputsAskedFor()
    {
        await using var h = new BatchHarness();

        var outputs = await h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([2, 2], 1, 2, 3, 4)) with { Outputs = ["y"] }, CancellationToken.None).Within();

        var y = Assert.Single(outputs);
        Assert.Equal("y", y.Name);
        Assert.Equal([2L, 2L], y.Shape);
        Assert.Equal([2f, 4f, 6f, 8f], (float[])y.Data);
    }

    [Fact]
    public async Task InferAsync_NoOutputsNamed_ReturnsEveryOutput()
    {
        await using var h = new BatchHarness();

        var outputs = await h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([1, 2], 1, 2)), CancellationToken.None).Within();

        Assert.Equal(["y", "z"], outputs.Select(o => o.Name));
        Assert.Equal([2f, 3f], (float[])outputs[1].Data);
    }

    [Fact]
    public async Task InferAsync_EqualAndUnequalTrailingShapes_OnlyEqualOnesShareARun()
    {
        await using var h = new BatchHarness(start: false);
        var calls = new[]
        {
            Infer(h, Tensor([1, 3], 1, 1, 1)),
            Infer(h, Tensor([2, 3], 2, 2, 2, 2, 2, 2)),
            Infer(h, Tensor([1, 4], 3, 3, 3, 3)),
            Infer(h, Tensor([1, 4], 4, 4, 4, 4)),
        };

        h.Start();
        var outputs = await Task.WhenAll(calls).Within();

        Assert.Equal([[1f, 2f], [3f, 4f]], h.TensorEngine.Batches.Select(b => b.Select(r => ((float[])r.Inputs[0].Data)[0]).ToArray()));
        Assert.Equal([2f, 4f, 6f, 8f], outputs.Select(o => ((float[])o.Single(t => t.Name == "y").Data)[0]));
        Assert.Equal([3, 6, 4, 4], outputs.Select(o => ((float[])o[0].Data).Length));
    }

    [Fact]
    public async Task InferAsync_ModelThatCannotBatch_RunsOneRequestAtATime()
    {
        await using var h = new BatchHarness(limits: new BatchLimits(8, TimeSpan.FromHours(1)), signature: FakeTensorEngine.SignatureOf(batchable: false), start: false);
        var calls = Enumerable.Range(1, 3).Select(n => Infer(h, Tensor([1, 2], n, n))).ToList();

        h.Start();
        await Task.WhenAll(calls).Within();

        Assert.Equal([1, 1, 1], h.TensorEngine.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task InferAsync_UrgentNormalAndBatchQueuedMaxOne_RunUrgentFirstBatchLast()
    {
        await using var h = new BatchHarness(limits: new BatchLimits(1, TimeSpan.Zero), start: false);
        var calls = new[] { Priority.Batch, Priority.Normal, Priority.Urgent }
            .Select((p, i) => h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([1, 1], i)) with { Priority = p }, CancellationToken.None))
            .ToList();

        h.Start();
        await Task.WhenAll(calls).Within();

        Assert.Equal([2f, 1f, 0f], h.TensorEngine.Batches.Select(b => ((float[])b.Single().Inputs[0].Data)[0]));
    }

    [Fact]
    public async Task InferAsync_MoreElementsThanTheApplianceTakes_RefusesInputs()
    {
        await using var h = new BatchHarness(options: new SchedulerOptions { MaxTensorElements = 3 });

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([2, 2], 1, 2, 3, 4)), CancellationToken.None).Within());

        Assert.Equal("inputs", error.Field);
        Assert.Empty(h.TensorEngine.Batches);
        Assert.Equal(["rejected Invalid"], h.Observer.Events);
    }

    [Fact]
    public async Task InferAsync_NoModelId_RefusesModelId()
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([1, 1], 1)) with { ModelId = "" }, CancellationToken.None).Within());

        Assert.Equal("model_id", error.Field);
    }

    [Fact]
    public async Task InferAsync_EmbeddingModel_RefusesModelIdPointingToEmbed()
    {
        await using var h = new BatchHarness();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([1, 1], 1)) with { ModelId = "e" }, CancellationToken.None).Within());

        Assert.Equal("model_id", error.Field);
        Assert.Contains("Embed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InferAsync_EngineFails_EngineFailureAndTheNextCallSucceeds()
    {
        await using var h = new BatchHarness();
        h.TensorEngine.Control.FailNextRun();

        await Assert.ThrowsAsync<EngineFailureException>(() => h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([1, 1], 1)), CancellationToken.None).Within());

        var outputs = await h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([1, 1], 5)), CancellationToken.None).Within();
        Assert.Equal([10f], (float[])outputs[0].Data);
    }

    [Fact]
    public async Task InferAsync_Lifecycle_ReportsQueuedAdmittedFinishedAndTheStep()
    {
        await using var h = new BatchHarness();

        await h.InferenceScheduler.InferAsync(BatchHarness.Infer(Tensor([2, 1], 1, 2)) with { ClientId = "lab" }, CancellationToken.None).Within();
        await Bounded.UntilAsync(() => h.Observer.Events.Any(e => e.StartsWith("step", StringComparison.Ordinal)));

        Assert.Equal(["queued lab Normal 2", "admitted lab", "finished lab Stop 0", "step 1x2"], h.Observer.Events);
    }

    private static Task<IReadOnlyList<NamedTensor>> Infer(BatchHarness h, NamedTensor x) =>
        h.InferenceScheduler.InferAsync(BatchHarness.Infer(x), CancellationToken.None);

    private static NamedTensor Tensor(long[] shape, params float[] data) => new("x", TensorElementType.Float32, shape, data);
}
