using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>How the scheduler treats one calling system (configured by the server from <c>Appliance:Clients:{id}</c>).</summary>
public sealed class ClientPolicy
{
    /// <summary>Fair-share weight: within a priority class, tokens are shared in proportion to weights.</summary>
    public double Weight { get; set; } = 1;

    /// <summary>Most requests of this client holding engine slots at once, per model; null = no cap.</summary>
    public int? MaxConcurrent { get; set; }

    /// <summary>Highest priority class the client may ask for; a higher request is lowered to it.</summary>
    public Priority PriorityCeiling { get; set; } = Priority.Urgent;

    /// <summary>Applies the ceiling: urgent &gt; normal &gt; batch.</summary>
    public Priority Cap(Priority requested) => Rank(requested) > Rank(PriorityCeiling) ? PriorityCeiling : requested;

    /// <summary>Urgent 2, normal 1, batch 0.</summary>
    public static int Rank(Priority priority) => priority switch
    {
        Priority.Urgent => 2,
        Priority.Normal => 1,
        _ => 0,
    };
}
