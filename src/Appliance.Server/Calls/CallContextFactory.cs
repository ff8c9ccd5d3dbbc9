using Appliance.Scheduling;
using Appliance.Server.Security;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Calls;

/// <summary>
/// Decides a call once, at its start: authenticates it, checks what its client may call and
/// use (<see cref="CallAccessResolver"/>), and applies the client's priority ceiling — the one
/// place the ceiling is applied. Pure: refusing is the steps' business.
/// </summary>
internal sealed class CallContextFactory
{
    private readonly CallAccessResolver _access;
    private readonly SchedulerOptions _scheduler;
    private readonly TimeProvider _time;

    public CallContextFactory(CallAccessResolver access, IOptions<SchedulerOptions> scheduler, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _access = access;
        _scheduler = scheduler.Value;
        _time = time;
    }

    public CallContext Create(CallStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var access = _access.Resolve(start.Credentials, start.Method, start.ModelId, start.DeclaredClient);
        var asked = start.Priority ?? Core.Generation.Priority.Normal;
        return new CallContext
        {
            Method = start.Method,
            Access = access,
            ModelId = start.ModelId,
            ClientRequestId = start.ClientRequestId,
            Priority = _scheduler.PolicyFor(access.ClientId).Cap(asked),
            CarriesPriority = start.Priority is not null,
            RequestId = NewRequestId(),
            StartedAt = _time.GetTimestamp(),
        };
    }

    /// <summary>A new server request id.</summary>
    private static string NewRequestId() => $"req_{Guid.NewGuid():N}";
}
