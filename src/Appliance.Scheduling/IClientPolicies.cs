namespace Appliance.Scheduling;

/// <summary>
/// Port through which scheduling asks how to treat a calling system (fair-share weight,
/// concurrency cap, priority ceiling). The server's client directory answers from
/// <c>Appliance:Clients</c> and follows its reloads; nothing writes policies into
/// <see cref="SchedulerOptions"/>. Implementations must be fast and thread-safe: admission asks
/// on every enqueue and every served token.
/// </summary>
public interface IClientPolicies
{
    /// <summary>The policy of <paramref name="clientId"/>; a default policy for clients it does not know.</summary>
    ClientPolicy For(string clientId);
}
