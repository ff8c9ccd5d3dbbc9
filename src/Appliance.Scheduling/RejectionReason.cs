namespace Appliance.Scheduling;

/// <summary>Why a request was refused before queueing.</summary>
public enum RejectionReason
{
    /// <summary>A field was missing or out of range, or the prompt did not fit the context.</summary>
    Invalid,

    /// <summary>No such model.</summary>
    ModelNotFound,

    /// <summary>The model is loading, failed, or the appliance is draining.</summary>
    ModelUnavailable,

    /// <summary>The model's waiting queue is full (requests or prompt tokens).</summary>
    QueueFull,

    /// <summary>No or bad credentials, or a method or model the calling system is not allowed (decided by the server).</summary>
    Unauthorised,

    /// <summary>The calling system is over its concurrency or token-rate quota (decided by the server).</summary>
    Quota,
}
