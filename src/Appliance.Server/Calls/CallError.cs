using Appliance.Core.Errors;

namespace Appliance.Server.Calls;

/// <summary>
/// What a failed call tells its caller, whatever the door: the status, a caller-safe message and,
/// for ResourceExhausted, when to retry; and the same facts for machines: a stable
/// <see cref="Reason"/>, the invalid field and the model concerned. Field paths, limits and model
/// ids only, never request content.
/// </summary>
/// <param name="Status">The status.</param>
/// <param name="Message">Names fields and models; never request content or exception text.</param>
/// <param name="RetryAfter">The retry hint of a full queue or a quota; null otherwise.</param>
internal sealed record CallError(CallStatus Status, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>One of <see cref="ErrorReasons"/>: the domain error's own, else the one its status implies.</summary>
    public string Reason { get; init; } = ReasonOf(Status);

    /// <summary>The field path the message names (<c>sampling.temperature</c>) when a field was invalid; null otherwise.</summary>
    public string? Field { get; init; }

    /// <summary>What is wrong with <see cref="Field"/> (limits or allowed values, never the value sent).</summary>
    public string? FieldProblem { get; init; }

    /// <summary>A rejected task answer's ungrounded items (kind, JSON pointer, reason; never text); null otherwise.</summary>
    public IReadOnlyList<UngroundedItem>? Ungrounded { get; init; }

    /// <summary>The model the error concerns, when it has the id shape; null otherwise.</summary>
    public string? ModelId { get; init; }

    private static string ReasonOf(CallStatus status) => status switch
    {
        CallStatus.InvalidArgument => ErrorReasons.InvalidArgument,
        CallStatus.NotFound => ErrorReasons.ModelNotFound,
        CallStatus.Unavailable => ErrorReasons.ModelUnavailable,
        CallStatus.Unauthenticated => ErrorReasons.Unauthenticated,
        CallStatus.DeadlineExceeded => ErrorReasons.DeadlineExceeded,
        CallStatus.Cancelled => ErrorReasons.Cancelled,
        _ => ErrorReasons.Internal,
    };
}
