namespace Appliance.Contracts.V1;

/// <summary>
/// A request message that queues work on a model: besides the model it names the calling
/// system (development only), the caller's correlation id and the priority asked for.
/// </summary>
public interface IScheduledCall : IModelCall
{
    /// <summary>Calling system as declared in the message; only counts without credentials.</summary>
    string Client { get; }

    /// <summary>The caller's correlation id; empty when not set.</summary>
    string ClientRequestId { get; }

    /// <summary>Priority class asked for.</summary>
    Priority Priority { get; }
}
