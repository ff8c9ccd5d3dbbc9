namespace Appliance.Server.Calls;

/// <summary>What a failed call tells its caller, whatever the door: the status, a caller-safe message and, for ResourceExhausted, when to retry.</summary>
/// <param name="Status">The status.</param>
/// <param name="Message">Names fields and models; never request content or exception text.</param>
/// <param name="RetryAfter">The retry hint of a full queue or a quota; null otherwise.</param>
internal sealed record CallError(CallStatus Status, string Message, TimeSpan? RetryAfter = null);
