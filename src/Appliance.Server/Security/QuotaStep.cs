using Appliance.Core.Errors;
using Appliance.Scheduling;
using Appliance.Server.Calls;

namespace Appliance.Server.Security;

/// <summary>
/// Holds a configured client to its quotas (<see cref="ClientQuotas"/>): takes a call slot
/// before the handler, or refuses with ResourceExhausted and a retry hint (counted as
/// <c>quota</c>); when the call ends frees the slot and charges the tokens it used.
/// </summary>
internal sealed class QuotaStep(ClientQuotas quotas, CallRefusals refusals) : ICallStep
{
    public void Begin(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Access.Registration is not { } registration)
        {
            return;
        }

        try
        {
            call.QuotaLease = quotas.Acquire(call.ClientId, registration);
        }
        catch (QuotaExceededException e)
        {
            call.QuotaDenial = e.Message;
            refusals.Report(call, RejectionReason.Quota);
            throw;
        }
    }

    public void End(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        call.QuotaLease.Complete(call.TokensUsed);
    }
}
