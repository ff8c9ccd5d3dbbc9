namespace Appliance.Scheduling;

/// <summary>One client's fair-share position and counts inside an <see cref="AdmissionQueue{T}"/> (guarded by the queue's lock).</summary>
internal sealed class AdmissionClientState
{
    /// <summary>Tokens served divided by the client's weight (the WFQ virtual finish time).</summary>
    public double Service { get; set; }

    public int Waiting { get; set; }

    public int Running { get; set; }
}
