namespace Appliance.Server.Calls;

/// <summary>
/// One step every call passes through, whatever its door: it reads and writes only the
/// <see cref="CallContext"/>, never the transport. <see cref="Begin"/> runs before the handler
/// in pipeline order and may refuse the call by throwing a domain error; <see cref="End"/> runs
/// after it (in reverse order, with the status set) for every step whose Begin ran, and must
/// not throw.
/// </summary>
internal interface ICallStep
{
    /// <summary>Before the handler; throws an <see cref="Core.Errors.ApplianceException"/> to refuse the call.</summary>
    void Begin(CallContext call);

    /// <summary>After the handler, or after a later step refused the call.</summary>
    void End(CallContext call);
}
