using Appliance.Scheduling;
using Appliance.Server.Calls;

namespace Appliance.Server.Security;

/// <summary>
/// Refuses a call its <see cref="CallAccess"/> denies: Unauthenticated (no or unknown
/// credentials) or PermissionDenied (a method or model the client may not use). Counted in
/// <c>appliance_requests_rejected_total</c> as <c>unauthorised</c>.
/// </summary>
internal sealed class AuthorizationStep(CallRefusals refusals) : ICallStep
{
    public void Begin(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Access.Denial is { } denial)
        {
            refusals.Report(call, RejectionReason.Unauthorised);
            throw denial;
        }
    }

    public void End(CallContext call)
    {
    }
}
