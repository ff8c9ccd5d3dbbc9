using Appliance.Scheduling;
using Appliance.Server.Calls;

namespace Appliance.Server.Security;

/// <summary>
/// Reports a call that authorisation or a quota refused: one warning (ids only; the audit log
/// has the record; none for a call refused unchecked, see <see cref="FailedAuthenticationReporter"/>)
/// and <c>appliance_requests_rejected_total</c> with the reason (every call).
/// </summary>
internal sealed class CallRefusals(ISchedulerObserver observer, ILogger<CallRefusals> logger)
{
    public void Report(CallContext call, RejectionReason reason)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!call.Access.Throttled)
        {
            // A call refused unchecked (an address that failed too often) is logged in a summary per address instead.
            SecurityLog.Refused(logger, call.Method, call.AuthorizationText, call.ClientId, call.Access.Source, call.ClientRequestId);
        }

        observer.OnRejected(new RequestInfo(call.ModelId ?? "", call.ClientId, call.Priority, 0), reason);
    }
}
