using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Appliance.Core.Models;
using Appliance.Scheduling.Batching;

namespace Appliance.Scheduling;

/// <summary>
/// Entry point for embeddings: validates a call, finds its model, tokenises every text on the
/// caller's thread, queues the texts (all or none) on the model's batcher, and normalises the
/// vectors if asked.
/// </summary>
public sealed class EmbeddingScheduler
{
    /// <summary>Most texts one call may carry.</summary>
    public const int MaxTexts = 256;

    private readonly IModelWorkerDirectory _models;
    private readonly ISchedulerObserver _observer;
    private readonly SchedulerOptions _options;

    /// <summary>Creates the scheduler; <paramref name="options"/> bound the input (the defaults when null).</summary>
    public EmbeddingScheduler(IModelWorkerDirectory models, ISchedulerObserver? observer = null, SchedulerOptions? options = null)
    {
        _models = models;
        _observer = observer ?? NullSchedulerObserver.Instance;
        _options = options ?? new SchedulerOptions();
    }

    /// <summary>
    /// Embeds the texts. Throws a domain error (invalid argument naming the text or the limit, not
    /// found, unavailable, capacity) before anything is queued; cancelling stops tokenising between
    /// texts and removes texts not yet run.
    /// </summary>
    public async Task<EmbedResult> EmbedAsync(EmbedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        EmbeddingWorker worker;
        List<EmbeddingInput> inputs;
        Task<float[][]> pending;
        try
        {
            Validate(request);
            worker = ModelLookup.Ready<EmbeddingWorker>(_models, request.ModelId, ModelKind.Embedding);
            InputBounds.CheckTexts(request.Texts, request.Truncate, worker.Engine.MaxInputTokens, _options);
            inputs = Tokenize(request, worker.Engine, cancellationToken);
            var info = new RequestInfo(request.ModelId, request.ClientId, request.Priority, inputs.Sum(i => i.TokenIds.Count));
            pending = worker.SubmitAsync([.. inputs.Select(i => new BatchInput<EmbeddingInput>(i, i.TokenIds.Count))], info, cancellationToken);
        }
        catch (ApplianceException error)
        {
            _observer.OnRejected(new RequestInfo(request.ModelId, request.ClientId, request.Priority, 0), RejectionReasons.Of(error));
            throw;
        }

        var vectors = await pending;
        if (request.Normalize)
        {
            foreach (var vector in vectors)
            {
                Normalize(vector);
            }
        }

        return new EmbedResult(vectors, worker.Engine.Dimension, inputs.Sum(i => i.TokenIds.Count), inputs.Count(i => i.Truncated));
    }

    /// <summary>Scales to unit length in place (a zero vector stays zero).</summary>
    public static void Normalize(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var sum = 0.0;
        foreach (var v in vector)
        {
            sum += (double)v * v;
        }

        if (sum > 0)
        {
            var scale = (float)(1 / Math.Sqrt(sum));
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] *= scale;
            }
        }
    }

    private static void Validate(EmbedRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ModelId))
        {
            throw new InvalidRequestException("model_id", "is required");
        }

        if (request.Texts.Count == 0)
        {
            throw new InvalidRequestException("texts", "must hold at least one text");
        }

        if (request.Texts.Count > MaxTexts)
        {
            throw new InvalidRequestException("texts", $"must hold at most {MaxTexts} texts per call (got {request.Texts.Count}); split the call");
        }

        for (var i = 0; i < request.Texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(request.Texts[i]))
            {
                throw new InvalidRequestException($"texts[{i}]", "must not be empty");
            }
        }
    }

    /// <summary>Tokenises text by text; the call's token (cancel or deadline) is checked between texts.</summary>
    private static List<EmbeddingInput> Tokenize(EmbedRequest request, IEmbeddingEngine engine, CancellationToken cancellationToken)
    {
        var inputs = new List<EmbeddingInput>(request.Texts.Count);
        for (var i = 0; i < request.Texts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var input = engine.Tokenize(request.Texts[i], request.Truncate);
            if (input.TokenIds.Count > engine.MaxInputTokens)
            {
                throw new InvalidRequestException(
                    $"texts[{i}]", $"is {input.TokenIds.Count} tokens; the model takes at most {engine.MaxInputTokens} (set truncate to cut it)");
            }

            inputs.Add(input);
        }

        return inputs;
    }
}
