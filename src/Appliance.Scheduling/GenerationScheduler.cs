using Appliance.Core.Engines;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Core.Models;

namespace Appliance.Scheduling;

/// <summary>
/// Entry point for text generation: validates a request, finds its model, renders and
/// tokenises the prompt, checks it fits the context, and queues it on the model's worker.
/// </summary>
public sealed class GenerationScheduler
{
    private readonly IModelWorkerDirectory _models;
    private readonly TimeProvider _time;
    private readonly ISchedulerObserver _observer;
    private readonly SchedulerOptions _options;
    private readonly IStructuredGrammars? _grammars;

    /// <summary>Creates the scheduler; <paramref name="options"/> bound the input (the defaults when null).</summary>
    public GenerationScheduler(IModelWorkerDirectory models, TimeProvider time, ISchedulerObserver? observer = null, SchedulerOptions? options = null, IStructuredGrammars? grammars = null)
    {
        _grammars = grammars;
        _models = models;
        _time = time;
        _observer = observer ?? NullSchedulerObserver.Instance;
        _options = options ?? new SchedulerOptions();
    }

    /// <summary>
    /// Admits a request. Throws a domain error (invalid argument, not found, unavailable,
    /// capacity) before anything is queued. Cancelling <paramref name="cancellationToken"/>
    /// (client cancel or disconnect) frees the request's sequence within one engine step, and
    /// before that stops the call between rendering and tokenising (OperationCanceledException).
    /// </summary>
    public GenerationStream Submit(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return Admit(request, cancellationToken);
        }
        catch (ApplianceException error)
        {
            _observer.OnRejected(new RequestInfo(request.ModelId, request.ClientId, request.Priority, 0), RejectionReasons.Of(error));
            throw;
        }
    }

    private GenerationStream Admit(GenerationRequest request, CancellationToken cancellationToken)
    {
        var submittedAt = _time.GetTimestamp();
        RequestValidator.Validate(request, _options.MaxMessages);
        var worker = FindReadyWorker(request.ModelId);
        var engine = worker.Engine;
        var limits = engine.Limits;
        if (request.Sampling.MaxTokens is { } maxTokens && maxTokens > limits.ContextLength)
        {
            throw new InvalidRequestException(
                "sampling.max_tokens", $"must be at most the model's context length {limits.ContextLength} (got {maxTokens})");
        }

        CheckReasoning(request, worker.Reasoning, limits.ContextLength);

        var tokens = TokenizePrompt(request, engine, cancellationToken, out var promptText);
        if (tokens.Count >= limits.ContextLength)
        {
            var field = request.Prompt is null ? "messages" : "prompt";
            throw new InvalidRequestException(
                field, $"is {tokens.Count} tokens; the model's context is {limits.ContextLength} tokens and must leave room for at least one generated token");
        }

        var structured = Constrain(request, engine, worker.Reasoning);
        cancellationToken.ThrowIfCancellationRequested();
        var opened = ReasoningSplitter.OpenedBy(worker.Reasoning?.Markers, promptText);
        var sequence = new GenerationSequence(request, tokens, limits.ContextLength, submittedAt, worker.Reasoning, opened) { Structured = structured };
        sequence.Registration = cancellationToken.UnsafeRegister(static (state, _) =>
        {
            var (s, w) = ((GenerationSequence, GenerationWorker))state!;
            s.Cancel();
            w.Nudge();
        }, (sequence, worker));
        try
        {
            worker.Enqueue(sequence);
        }
        catch (ModelUnavailableException stopped) when (stopped.ErrorReason is ErrorReasons.Draining or ErrorReasons.ModelUnloading && Swapped(request.ModelId, worker))
        {
            // The old version stopped admitting between this call's lookup and its enqueue, and new
            // admissions already go to the new one: the call goes there (each retry needs a newer worker).
            sequence.Registration.Unregister();
            return Admit(request, cancellationToken);
        }
        catch
        {
            sequence.Registration.Unregister();
            throw;
        }

        if (structured is not null)
        {
            _observer.OnStructuredRequest(request.ModelId, structured.Format.ModeName);
        }

        return new GenerationStream(sequence);
    }

    /// <summary>
    /// The request's grammar, compiled once by the engine here on the caller's thread, so a grammar
    /// llama.cpp cannot parse is the caller's INVALID_ARGUMENT and never reaches a decode.
    /// </summary>
    private StructuredConstraint? Constrain(GenerationRequest request, ITextGenerationEngine engine, ReasoningSetup? reasoning)
    {
        if (request.ResponseFormat is not { } format)
        {
            return null;
        }

        var field = $"response_format.{format.ModeName}";
        if (_grammars is null)
        {
            throw new InvalidRequestException(field, "structured output is not enabled on this server");
        }

        var grammar = _grammars.For(format);
        if (engine.CheckGrammar(grammar) is { } error)
        {
            throw new InvalidRequestException(field, error);
        }

        // A reasoning model: the response format applies to the answer only (the worker swaps grammars).
        var gate = reasoning is null ? null : StructuredConstraint.GateFor(grammar, reasoning.Markers.Start);
        if (gate is not null && engine.CheckGrammar(gate) is { } gateError)
        {
            throw new InvalidRequestException(field, gateError);
        }

        return new StructuredConstraint(format, grammar, _grammars, gate);
    }

    /// <summary>
    /// Counts a request's prompt tokens exactly as <see cref="Submit"/> does (same validation,
    /// input bounds, chat template and tokenizer, on the model's engine), so the count equals
    /// the usage the same request would report. Queues nothing and generates nothing. Throws
    /// the domain errors <see cref="Submit"/> would (invalid argument, not found, unavailable),
    /// except that a prompt too long for the context is reported in the result, not refused.
    /// </summary>
    public PromptTokenCount CountTokens(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestValidator.Validate(request, _options.MaxMessages);
        var engine = FindReadyWorker(request.ModelId).Engine;
        var tokens = TokenizePrompt(request, engine, cancellationToken, out _);
        return new PromptTokenCount(tokens.Count, engine.Limits.ContextLength);
    }

    /// <summary>
    /// The prompt's tokens as the engine will see them: the one tokenisation path of
    /// <see cref="Submit"/> and <see cref="CountTokens"/>, so the two cannot disagree.
    /// </summary>
    private IReadOnlyList<int> TokenizePrompt(GenerationRequest request, ITextGenerationEngine engine, CancellationToken cancellationToken, out string promptText)
    {
        // Sizes first; rendering and tokenising are single native calls that cannot be interrupted,
        // so the call's token is checked between them.
        InputBounds.CheckPrompt(request, engine.Limits.ContextLength, _options);
        cancellationToken.ThrowIfCancellationRequested();
        var tokens = PromptTokens.Of(engine, request, cancellationToken, out promptText);
        if (tokens.Count == 0)
        {
            throw new InvalidRequestException("prompt", "tokenises to nothing");
        }

        return tokens;
    }

    /// <summary>The reasoning budget is checked only against a model that reasons; others ignore the reasoning fields.</summary>
    private static void CheckReasoning(GenerationRequest request, ReasoningSetup? reasoning, int contextLength)
    {
        if (reasoning is not null && request.ReasoningMaxTokens is { } budget && budget >= contextLength)
        {
            throw new InvalidRequestException(
                "reasoning_max_tokens", $"must be below the model's context length {contextLength} (got {budget})");
        }
    }

    /// <summary>Whether the model now has a worker other than <paramref name="refusing"/>: a version swap (ReloadModel) happened meanwhile.</summary>
    private bool Swapped(string modelId, GenerationWorker refusing) =>
        _models.Find(modelId) is { State: ModelState.Ready, Worker: GenerationWorker now } && !ReferenceEquals(now, refusing);

    private GenerationWorker FindReadyWorker(string modelId) =>
        ModelLookup.Ready<GenerationWorker>(_models, modelId, ModelKind.TextGeneration);
}
