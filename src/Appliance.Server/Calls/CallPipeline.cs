using Appliance.Core.Errors;
using Appliance.Scheduling;
using Appliance.Server.Audit;
using Appliance.Server.Metrics;
using Appliance.Server.Security;

namespace Appliance.Server.Calls;

/// <summary>
/// The steps every call passes through, in one order for every door: metrics (outermost: it
/// counts the final status), audit (start and end records), authorisation (Unauthenticated,
/// PermissionDenied), quotas (ResourceExhausted, then charges the tokens used); then the rules
/// every request obeys whatever its method (fields the door could not accept, such as an enum
/// value outside the contract, and a <c>client_request_id</c> that is not an id: <see cref="CallContext.FieldError"/>). A door builds the context with <see cref="Create"/>,
/// calls <see cref="Begin"/>, runs its handler, records the status and calls <see cref="End"/>.
/// </summary>
internal sealed class CallPipeline
{
    private readonly CallContextFactory _factory;
    private readonly ISchedulerObserver _observer;
    private readonly ICallStep[] _steps;
    private readonly FailedAuthenticationThrottle? _throttle;
    private readonly Models.ModelHost? _models;

    public CallPipeline(
        CallContextFactory factory, ISchedulerObserver observer, FailedAuthenticationThrottle throttle,
        MetricsStep metrics, AuditStep audit, AuthorizationStep authorization, QuotaStep quotas, Models.ModelHost models)
        : this(factory, observer, throttle, models, [metrics, audit, authorization, quotas])
    {
    }

    private CallPipeline(CallContextFactory factory, ISchedulerObserver observer, FailedAuthenticationThrottle? throttle, Models.ModelHost? models, ICallStep[] steps)
    {
        _factory = factory;
        _observer = observer;
        _throttle = throttle;
        _models = models;
        _steps = steps;
    }

    /// <summary>A pipeline of other steps, in the given order (tests of the pipeline's own rules).</summary>
    internal static CallPipeline Of(CallContextFactory factory, params ICallStep[] steps) => new(factory, NullSchedulerObserver.Instance, null, null, steps);

    /// <summary>
    /// After <see cref="Begin"/>, before the handler: a call that queues work (Generate, Complete,
    /// Embed, Infer, RunTask) counts as use of its model for idle eviction, and a model that loads
    /// on demand (or was evicted) and is not loaded is loaded now; the call waits at most until
    /// <paramref name="cancellationToken"/> (its deadline or cancel). Refusals stay the lookup's.
    /// </summary>
    public Task ModelReadyAsync(CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _models is not null && (call.CarriesPriority || call.Task is not null)
            ? _models.EnsureLoadedAsync(call.ModelId, call.Priority == Core.Generation.Priority.Urgent, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Decides the call (identity, authorisation, priority); refuses nothing yet.</summary>
    public CallContext Create(CallStart start) => _factory.Create(start);

    /// <summary>Runs every step's Begin in order; throws the domain error of the first that refuses the call.</summary>
    public void Begin(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (var step in _steps)
        {
            call.StepsBegun++;
            step.Begin(call);
        }

        if (call.FieldError is { } invalid)
        {
            Refuse(call, invalid);
            throw invalid;
        }

        if (call.Task?.Error is { } task)
        {
            if (task is InvalidRequestException invalidTask)
            {
                Refuse(call, invalidTask);
            }

            throw task;
        }
    }

    /// <summary>
    /// Holds a refused call's answer back when its decision says so (an address that failed
    /// authentication too often), without a thread; the door awaits it before sending the refusal.
    /// </summary>
    public Task HoldRefusalAsync(CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _throttle is not null && call.Access.RefusalDelay > TimeSpan.Zero
            ? _throttle.HoldAsync(call.Access.RefusalDelay, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>
    /// Counts a request the pipeline or the door refuses as invalid like the scheduler's own validation
    /// failures (<c>appliance_requests_rejected_total{reason="invalid"}</c>): the rules above, and a
    /// streamed message that did not parse, which the door finds only when the handler reads it.
    /// </summary>
    public void Refuse(CallContext call, InvalidRequestException error)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(error);
        _observer.OnRejected(new RequestInfo(call.ModelId ?? "", call.ClientId, call.Priority, 0), RejectionReason.Invalid);
    }

    /// <summary>Runs End, in reverse order, for every step whose Begin ran. Call once the status is recorded.</summary>
    public void End(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = call.StepsBegun - 1; i >= 0; i--)
        {
            _steps[i].End(call);
        }
    }
}
