using Appliance.Scheduling;
using Appliance.Server.Calls;

namespace Appliance.Server.Security;

/// <summary>
/// Reports a call that authorisation or a quota refused: one warning (ids only; the audit log
/// has the record) and <c>appliance_requests_rejected_total</c> with the reason.
/// </summary>
internal sealed class CallRefusals(ISchedulerObserver observer, ILogger<CallRefusals> logger)
{
    public void Report(CallContext call, RejectionReason reason)
    {
        ArgumentNullException.ThrowIfNull(call);
        SecurityLog.Refused(logger, call.Method, call.AuthorizationText, call.ClientId, call.ClientRequestId);
        observer.OnRejected(new RequestInfo(call.ModelId ?? "", call.ClientId, call.Priority, 0), reason);
    }
}
