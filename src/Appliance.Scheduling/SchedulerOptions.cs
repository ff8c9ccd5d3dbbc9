namespace Appliance.Scheduling;

/// <summary>Queueing and shutdown limits (configuration section <c>Appliance:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Scheduler";

    /// <summary>Requests that may wait for a sequence slot per model; beyond it calls get ResourceExhausted.</summary>
    public int MaxWaitingRequests { get; set; } = 64;

    /// <summary>How long shutdown lets in-flight generations finish before failing them with Unavailable.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
