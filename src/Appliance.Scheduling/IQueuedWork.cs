using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>What the <see cref="AdmissionQueue{T}"/> needs of a waiting piece of work (a generation, a text to embed, a tensor request).</summary>
internal interface IQueuedWork
{
    /// <summary>Calling system, for fair share and caps.</summary>
    string ClientId { get; }

    /// <summary>Effective priority class.</summary>
    Priority Priority { get; }

    /// <summary>Size in tokens (or token-equivalents): bounds the queue and is charged to the client.</summary>
    int Cost { get; }

    /// <summary>Submission timestamp (<see cref="TimeProvider.GetTimestamp"/>); ties go to the oldest.</summary>
    long SubmittedAt { get; }

    /// <summary>Ends the work with an error (shutdown, crash).</summary>
    void Fail(Exception error);
}
