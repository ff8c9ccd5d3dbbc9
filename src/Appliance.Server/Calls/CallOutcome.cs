using Appliance.Core.Generation;

namespace Appliance.Server.Calls;

/// <summary>
/// What a handler reports of a call that produced its response: token counts, timings and the
/// finish reason (generation), or only the fact that a response with the call's request id
/// went out. Counts and codes only, never text: the audit end record and the token quota read it.
/// </summary>
internal sealed record CallOutcome
{
    /// <summary>Prompt (or embedded) tokens; null when the method counts none.</summary>
    public int? PromptTokens { get; init; }

    /// <summary>Generated tokens; null when the method generates none.</summary>
    public int? CompletionTokens { get; init; }

    /// <summary>Time spent waiting for the engine (generation).</summary>
    public TimeSpan? Queue { get; init; }

    /// <summary>Time from submission to the final token (generation).</summary>
    public TimeSpan? Total { get; init; }

    /// <summary>Why generation ended.</summary>
    public FinishReason? FinishReason { get; init; }

    /// <summary>A task run: answers generated (1, or 2 after a retry); null for other methods.</summary>
    public int? TaskAttempts { get; init; }

    /// <summary>A task run: ungrounded items of the last answer checked; null for other methods.</summary>
    public int? UngroundedItems { get; init; }

    /// <summary>Tokens charged to the client's token-rate quota: prompt plus generated.</summary>
    public long Tokens => (long)(PromptTokens ?? 0) + (CompletionTokens ?? 0);

    /// <summary>The outcome of a finished generation.</summary>
    public static CallOutcome Of(GenerationCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        return new CallOutcome
        {
            PromptTokens = completed.Usage.PromptTokens,
            CompletionTokens = completed.Usage.CompletionTokens,
            Queue = completed.Timings.Queue,
            Total = completed.Timings.Total,
            FinishReason = completed.Reason,
        };
    }
}
