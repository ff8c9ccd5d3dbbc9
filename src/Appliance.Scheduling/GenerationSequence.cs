using System.Threading.Channels;
using Appliance.Core.Engines;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// One request inside a model worker: its tokens, its engine slot and its output channel.
/// Mutated only by the worker thread, except <see cref="Cancel"/>, which any thread may call.
/// </summary>
internal sealed class GenerationSequence
{
    private readonly Channel<GenerationEvent> _events = Channel.CreateUnbounded<GenerationEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly List<int> _generated = [];
    private readonly StopSequenceMatcher _stops;
    private int _cancelled;
    private int _unsentTokens;

    public GenerationSequence(GenerationRequest request, IReadOnlyList<int> promptTokens, int contextLength, long submittedAt)
    {
        Request = request;
        PromptTokens = promptTokens as int[] ?? [.. promptTokens];
        ContextLength = contextLength;
        SubmittedAt = submittedAt;
        _stops = new StopSequenceMatcher(request.Sampling.Stop);
    }

    public GenerationRequest Request { get; }

    /// <summary>Effective priority class: the requested one, capped by the client's ceiling.</summary>
    public Priority Priority { get; set; } = Priority.Normal;

    public int[] PromptTokens { get; }

    public int ContextLength { get; }

    public long SubmittedAt { get; }

    public long AdmittedAt { get; set; }

    public long FirstTokenAt { get; private set; }

    public SequenceSlot? Slot { get; set; }

    /// <summary>Prompt tokens already in the KV cache.</summary>
    public int Prefilled { get; set; }

    public bool IsPrefilling => Prefilled < PromptTokens.Length;

    public int GeneratedCount => _generated.Count;

    public int LastToken => _generated[^1];

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
        if (_generated.Count == 0)
        {
            FirstTokenAt = now;
        }

        _generated.Add(token.Token);
        _unsentTokens++;
        if (token.IsEndOfGeneration)
        {
            return FinishReason.Stop;
        }

        var text = _stops.Append(token.Text);
        if (text.Length > 0)
        {
            _events.Writer.TryWrite(new GenerationPiece(text, _unsentTokens));
            _unsentTokens = 0;
        }

        if (_stops.Stopped)
        {
            return FinishReason.Stop;
        }

        var atMaxTokens = _generated.Count >= (Request.Sampling.MaxTokens ?? SamplingParameters.DefaultMaxTokens);
        var contextFull = PromptTokens.Length + _generated.Count >= ContextLength;
        return atMaxTokens || contextFull ? FinishReason.Length : null;
    }

    /// <summary>Ends the stream with its final event. Idempotent.</summary>
    public void Complete(FinishReason reason, GenerationTimings timings)
    {
        if (IsFinished)
        {
            return;
        }

        IsFinished = true;
        Registration.Unregister();
        var rest = _stops.Flush();
        if (rest.Length > 0 && reason is FinishReason.Stop or FinishReason.Length)
        {
            _events.Writer.TryWrite(new GenerationPiece(rest, _unsentTokens));
        }

        var usage = new TokenUsage(PromptTokens.Length, _generated.Count);
        _events.Writer.TryWrite(new GenerationCompleted(reason, usage, timings));
        _events.Writer.TryComplete();
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
}
