using Appliance.Core.Inference;
using Appliance.Core.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Scheduling.Tests;

/// <summary>
/// An embedding model "e" and a tensor model "t" over fake engines, their schedulers, a
/// recording observer and a fake clock; plus "gen" (text generation), "loading-e" and
/// "failed-e" for the lookup errors. Workers start unless told otherwise.
/// </summary>
internal sealed class BatchHarness : IAsyncDisposable
{
    public BatchHarness(
        BatchLimits? limits = null,
        SchedulerOptions? options = null,
        ModelSignature? signature = null,
        int maxInputTokens = 16,
        bool start = true)
    {
        Options = options ?? new SchedulerOptions();
        limits ??= new BatchLimits(8, TimeSpan.Zero);
        EmbeddingEngine = new FakeEmbeddingEngine(maxInputTokens);
        TensorEngine = new FakeTensorEngine(signature);
        Embeddings = new EmbeddingWorker("e", EmbeddingEngine, limits, Options, Time, NullLogger.Instance, Observer);
        Tensors = new TensorWorker("t", TensorEngine, limits, Options, Time, NullLogger.Instance, Observer);
        var directory = new FakeDirectory()
            .Add("e", FakeDirectory.Ready(Embeddings))
            .Add("t", FakeDirectory.Ready(Tensors))
            .Add("gen", FakeDirectory.Without(ModelKind.TextGeneration))
            .Add("loading-e", FakeDirectory.Without(ModelKind.Embedding, ModelState.Loading))
            .Add("failed-e", FakeDirectory.Without(ModelKind.Embedding, ModelState.Failed, "checksum mismatch"));
        EmbeddingScheduler = new EmbeddingScheduler(directory, Observer, Options);
        InferenceScheduler = new InferenceScheduler(directory, Options, Observer);
        if (start)
        {
            Start();
        }
    }

    public RecordingTimeProvider Time { get; } = new();

    public RecordingObserver Observer { get; } = new();

    public SchedulerOptions Options { get; }

    public FakeEmbeddingEngine EmbeddingEngine { get; }

    public FakeTensorEngine TensorEngine { get; }

    public EmbeddingWorker Embeddings { get; }

    public TensorWorker Tensors { get; }

    public EmbeddingScheduler EmbeddingScheduler { get; }

    public InferenceScheduler InferenceScheduler { get; }

    public static EmbedRequest Embed(params string[] texts) => new() { RequestId = "r", ModelId = "e", Texts = texts };

    public static InferRequest Infer(params NamedTensor[] inputs) => new() { RequestId = "r", ModelId = "t", Inputs = inputs };

    public void Start()
    {
        Embeddings.Start();
        Tensors.Start();
    }

    public async ValueTask DisposeAsync()
    {
        // Let gated runs end so the workers can stop.
        EmbeddingEngine.Control.Gate?.Release(1000);
        TensorEngine.Control.Gate?.Release(1000);
        // Bounded too: a worker that cannot drain fails the test instead of hanging the run.
        await Embeddings.DisposeAsync().AsTask().Within();
        await Tensors.DisposeAsync().AsTask().Within();
    }
}
