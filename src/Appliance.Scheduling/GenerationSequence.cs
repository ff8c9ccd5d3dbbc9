using System.Threading.Channels;
using Appliance.Core.Engines;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// One request inside a model worker: its tokens, its engine slot and its output channel.
/// Mutated only by the worker thread, except <see cref="Cancel"/>, which any thread may call.
/// </summary>
internal sealed class GenerationSequence : IQueuedWork
{
    private readonly Channel<GenerationEvent> _events = Channel.CreateUnbounded<GenerationEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly StopSequenceMatcher _stops;
    private readonly ReasoningSplitter _split;
    private readonly ReasoningSetup? _reasoning;
    private readonly int _reasoningBudget;
    private int[] _tokens;
    private int _length;
    private int _cancelled;
    private int _unsentTokens;
    private int _answerTokens;
    private int _reasoningTokens;
    private int _undecidedTokens;
    private bool _forcedEndUnreported;
    private bool _answeredWithoutReasoning;

    /// <param name="request">The request.</param>
    /// <param name="promptTokens">Its prompt, tokenised.</param>
    /// <param name="contextLength">The model's context.</param>
    /// <param name="submittedAt">Timestamp of the submission.</param>
    /// <param name="reasoning">The model's reasoning markers; null when it does not reason.</param>
    /// <param name="openedByPrompt">The prompt ends with the start marker, so the output begins inside the reasoning.</param>
    public GenerationSequence(
        GenerationRequest request, IReadOnlyList<int> promptTokens, int contextLength, long submittedAt, ReasoningSetup? reasoning = null, bool openedByPrompt = false)
    {
        Request = request;
        PromptTokens = promptTokens as int[] ?? [.. promptTokens];
        ContextLength = contextLength;
        _tokens = new int[Math.Max(PromptTokens.Length + 16, Math.Min(contextLength, PromptTokens.Length * 2))];
        PromptTokens.CopyTo(_tokens, 0);
        _length = PromptTokens.Length;
        SubmittedAt = submittedAt;
        _stops = new StopSequenceMatcher(request.Sampling.Stop);
        _reasoning = reasoning;
        _split = new ReasoningSplitter(reasoning?.Markers, openedByPrompt);
        _reasoningBudget = request.ReasoningMaxTokens ?? reasoning?.Markers.MaxTokens ?? 0;
        AnswerFrom = _split.Phase == ReasoningPhase.Answer ? 0 : null;
    }

    /// <summary>
    /// How many generated tokens come before the answer: 0 for a model that does not reason, the
    /// reasoning's length (end marker included) once it has ended, null while it lasts. A response
    /// format's grammar constrains the tokens from here on.
    /// </summary>
    public int? AnswerFrom { get; private set; }

    /// <summary>
    /// The grammar the engine slot should hold now, and from which output token: a reasoning
    /// model's output is first undecided (the gate: the start marker or a constrained answer),
    /// then free while it reasons (the grammar waits: from null), then its answer is constrained.
    /// (null, 0) without a response format.
    /// </summary>
    public (ConstraintGrammar? Grammar, int? From) WantedGrammar => Structured switch
    {
        null => (null, 0),
        { Gate: null } s => (s.Grammar, 0),
        { Gate: { } gate } s => _split.Phase switch
        {
            ReasoningPhase.Undecided => (gate, 0),
            ReasoningPhase.Reasoning => (s.Grammar, null),
            _ => _answeredWithoutReasoning ? (gate, 0) : (s.Grammar, AnswerFrom),
        },
    };

    /// <summary>What <see cref="WantedGrammar"/> was when the engine slot last got a grammar (worker only).</summary>
    public (ConstraintGrammar? Grammar, int? From) GrammarInEngine { get; set; }

    /// <summary>
    /// True until a reasoning model's reasoning has ended (always false for other models).
    /// </summary>
    public bool InReasoning => _split.Phase != ReasoningPhase.Answer;

    /// <summary>Most reasoning tokens before the end marker is fed (0 for a model without markers).</summary>
    public int ReasoningBudget => _reasoningBudget;

    /// <summary>True once after the reasoning budget ran out and the end marker was fed (for the worker's log).</summary>
    public bool TakeForcedReasoningEnd()
    {
        var forced = _forcedEndUnreported;
        _forcedEndUnreported = false;
        return forced;
    }

    public GenerationRequest Request { get; }

    /// <summary>The response format's grammar and answer check; null for free text.</summary>
    public StructuredConstraint? Structured { get; init; }

    /// <summary>The last sampled token was the model's end-of-generation token.</summary>
    public bool EndedByEndOfGeneration { get; private set; }

    /// <inheritdoc />
    public string ClientId => Request.ClientId;

    /// <summary>Prompt tokens: what the waiting queue bounds and charges at admission.</summary>
    public int Cost => PromptTokens.Length;

    /// <summary>Priority class, as the request carries it: the caller's call pipeline has already applied the client's ceiling.</summary>
    public Priority Priority => Request.Priority;

    /// <summary>Labels for observers.</summary>
    public RequestInfo Info => new(Request.ModelId, Request.ClientId, Priority, PromptTokens.Length);

    /// <summary>When the latest token was generated (timestamp).</summary>
    public long LastTokenAt { get; private set; }

    public int[] PromptTokens { get; }

    public int ContextLength { get; }

    public long SubmittedAt { get; }

    public long AdmittedAt { get; set; }

    public long FirstTokenAt { get; private set; }

    public SequenceSlot? Slot { get; set; }

    /// <summary>Leading tokens (prompt, then generated) whose KV is in the engine.</summary>
    public int InKv { get; set; }

    /// <summary>Tokens still to feed: the prompt (or, after a preemption, prompt and output) then the last sampled token.</summary>
    public int Pending => _length - InKv;

    /// <summary>The planner's number of the last step that fed this sequence (0: never); the others take turns by it while urgent work is about.</summary>
    public long LastPlannedStep { get; set; }

    /// <summary>More than one token to feed: a prefill (or a resume), not a plain decode step.</summary>
    public bool IsPrefilling => Pending > 1;

    public int GeneratedCount => _length - PromptTokens.Length;

    /// <summary>Every token so far: the prompt, then the generated ones.</summary>
    public ReadOnlyMemory<int> Tokens => _tokens.AsMemory(0, _length);

    /// <summary>Prompt tokens whose KV the engine reused from an earlier request at the first admission.</summary>
    public int CachedPromptTokens { get; set; }

    /// <summary>Times this sequence was preempted and resumed.</summary>
    public int Preemptions { get; private set; }

    /// <summary>Gives up the engine slot; the next admission recomputes the KV of every token so far.</summary>
    public void Preempt()
    {
        Slot = null;
        InKv = 0;
        Preemptions++;
    }

    public bool IsCancelled => Volatile.Read(ref _cancelled) != 0;

    public bool IsFinished { get; private set; }

    public ChannelReader<GenerationEvent> Events => _events.Reader;

    /// <summary>The caller's cancellation hook, dropped when the sequence ends so it cannot outlive the request.</summary>
    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>Marks the request cancelled; the worker frees it in its next iteration.</summary>
    public void Cancel() => Interlocked.Exchange(ref _cancelled, 1);

    /// <summary>Records a sampled token; returns the finish reason if this token ends the generation.</summary>
    public FinishReason? Accept(SampledToken token, long now)
    {
        if (GeneratedCount == 0)
        {
            FirstTokenAt = now;
        }

        LastTokenAt = now;

        Append(token.Token);
        _unsentTokens++;
        var undecided = _undecidedTokens;
        var split = _split.Append(token.Text);
        if (AnswerFrom is null && _split.Phase == ReasoningPhase.Answer)
        {
            // The end marker closed in this token: the answer starts after it. No reasoning at all
            // (the phase was undecided): the answer began with the undecided tokens.
            AnswerFrom = split.TouchedReasoning ? GeneratedCount : GeneratedCount - 1 - undecided;
            _answeredWithoutReasoning = !split.TouchedReasoning;
        }

        Count(split.TouchedReasoning);
        Emit(split.Reasoning, _stops.Append(split.Answer));
        if (token.IsEndOfGeneration || _stops.Stopped)
        {
            EndedByEndOfGeneration = true;
            return FinishReason.Stop;
        }

        if (_split.Phase == ReasoningPhase.Reasoning && _reasoningTokens >= _reasoningBudget && !ForceReasoningEnd())
        {
            return FinishReason.Length;
        }

        var atMaxTokens = _answerTokens >= (Request.Sampling.MaxTokens ?? SamplingParameters.DefaultMaxTokens);
        var contextFull = _length >= ContextLength;
        return atMaxTokens || contextFull ? FinishReason.Length : null;
    }

    /// <summary>Ends the stream with its final event and returns the usage and structured verdict it reported; null if already ended.</summary>
    public (TokenUsage Usage, StructuredResult Structured)? Complete(FinishReason reason, GenerationTimings timings)
    {
        if (IsFinished)
        {
            return null;
        }

        IsFinished = true;
        Registration.Unregister();
        var split = _split.Flush();
        Count(split.TouchedReasoning, final: true);
        var rest = _stops.Append(split.Answer) + _stops.Flush();
        if (reason is FinishReason.Stop or FinishReason.Length)
        {
            Emit(split.Reasoning, rest);
        }

        var usage = new TokenUsage(PromptTokens.Length, GeneratedCount, CachedPromptTokens, _reasoningTokens);
        var structured = Structured?.Verdict(reason, EndedByEndOfGeneration, answered: AnswerFrom is not null) ?? StructuredResult.None;
        _events.Writer.TryWrite(new GenerationCompleted(reason, usage, timings, structured));
        _events.Writer.TryComplete();
        return (usage, structured);
    }

    /// <summary>Ends the stream with an error the caller sees as a gRPC status. Idempotent.</summary>
    public void Fail(Exception error)
    {
        if (IsFinished)
        {
            return;
        }

        IsFinished = true;
        Registration.Unregister();
        _events.Writer.TryComplete(error);
    }

    /// <summary>
    /// Counts the latest token (or, at the end, the undecided ones) as reasoning or answer. Tokens
    /// read while the phase is undecided (leading whitespace, a half start marker) count with the
    /// phase that decides them.
    /// </summary>
    private void Count(bool reasoning, bool final = false)
    {
        var tokens = (final ? 0 : 1) + _undecidedTokens;
        if (!reasoning && !final && _split.Phase == ReasoningPhase.Undecided)
        {
            _undecidedTokens++;
            return;
        }

        _undecidedTokens = 0;
        if (reasoning)
        {
            _reasoningTokens += tokens;
        }
        else
        {
            _answerTokens += tokens;
        }
    }

    /// <summary>Reasoning goes out as reasoning pieces only when the caller asked for it; answer text as text pieces.</summary>
    private void Emit(string reasoning, string answer)
    {
        if (reasoning.Length > 0 && Request.Reasoning == ReasoningMode.Separate)
        {
            _events.Writer.TryWrite(new ReasoningPiece(reasoning, _unsentTokens));
            _unsentTokens = 0;
        }

        if (answer.Length > 0)
        {
            Structured?.Append(answer); // the response format constrains the answer only
            _events.Writer.TryWrite(new GenerationPiece(answer, _unsentTokens));
            _unsentTokens = 0;
        }
    }

    /// <summary>
    /// The reasoning budget ran out: append the end marker's tokens as if generated, so the next
    /// step feeds them and the model goes on with its answer. False when they do not fit the context.
    /// </summary>
    private bool ForceReasoningEnd()
    {
        var end = _reasoning!.EndTokens;
        if (_length + end.Length >= ContextLength)
        {
            return false;
        }

        Emit(_split.ForceEnd(), string.Empty);
        foreach (var token in end)
        {
            Append(token);
        }

        _reasoningTokens += end.Length;
        _unsentTokens += end.Length;
        AnswerFrom = GeneratedCount;
        _forcedEndUnreported = true;
        return true;
    }

    private void Append(int token)
    {
        if (_length == _tokens.Length)
        {
            Array.Resize(ref _tokens, Math.Min(Math.Max(ContextLength, _length + 1), _tokens.Length * 2));
        }

        _tokens[_length++] = token;
    }
}
