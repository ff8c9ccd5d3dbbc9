namespace Appliance.Core.Errors;

/// <summary>
/// The stable, machine-readable reason of every refusal or failure a caller can see: the gRPC door
/// sends it as <c>google.rpc.ErrorInfo.reason</c> (with <see cref="Domain"/>) in
/// <c>grpc-status-details-bin</c>, so a client tells a full queue from a quota without parsing the
/// message. Part of the appliance.v1 contract: a value is never renamed or reused for another
/// meaning; new ones may be added. Each names a condition, never request content.
/// </summary>
public static class ErrorReasons
{
    /// <summary><c>google.rpc.ErrorInfo.domain</c> of every reason below.</summary>
    public const string Domain = "appliance.hospital";

    /// <summary>INVALID_ARGUMENT: a field is missing, out of range or of the wrong shape (a <c>BadRequest.FieldViolation</c> names it).</summary>
    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>NOT_FOUND: <c>model_id</c> names no configured model.</summary>
    public const string ModelNotFound = "MODEL_NOT_FOUND";

    /// <summary>UNAVAILABLE: the model is still loading; retry once its health (<c>model/&lt;id&gt;</c>) is SERVING.</summary>
    public const string ModelLoading = "MODEL_LOADING";

    /// <summary>UNAVAILABLE: the model failed to load (integrity check, manifest, engine) or its worker stopped; IT must act, retrying does not help.</summary>
    public const string ModelFailed = "MODEL_FAILED";

    /// <summary>UNAVAILABLE: the model cannot serve for another reason (this build has no engine for it).</summary>
    public const string ModelUnavailable = "MODEL_UNAVAILABLE";

    /// <summary>UNAVAILABLE: the appliance is shutting down; retry on another box or after the restart.</summary>
    public const string Draining = "DRAINING";

    /// <summary>UNAVAILABLE: the model is configured but not loaded (state AVAILABLE) and does not load on demand; an administrator loads it (ModelAdmin.LoadModel, <c>appliancectl models load</c>).</summary>
    public const string ModelNotLoaded = "MODEL_NOT_LOADED";

    /// <summary>UNAVAILABLE: an administrator is unloading the model (state DRAINING); retry once it is loaded again, or on another box.</summary>
    public const string ModelUnloading = "MODEL_UNLOADING";

    /// <summary>RESOURCE_EXHAUSTED: a model load (ModelAdmin, or on demand) does not fit in the memory budget beside the models loaded now; unload one first.</summary>
    public const string MemoryBudget = "MEMORY_BUDGET";

    /// <summary>PERMISSION_DENIED: the method (ModelAdmin) needs a client with the <c>admin</c> role (<c>Appliance:Clients:&lt;id&gt;:Roles</c>).</summary>
    public const string AdminRequired = "ADMIN_REQUIRED";

    /// <summary>RESOURCE_EXHAUSTED: the model's waiting queue is full; retry after the pushback (<c>RetryInfo</c>).</summary>
    public const string QueueFull = "QUEUE_FULL";

    /// <summary>RESOURCE_EXHAUSTED: the calling system used its <c>TokensPerMinute</c>; retry after the pushback (the refill time).</summary>
    public const string QuotaTokens = "QUOTA_TOKENS";

    /// <summary>RESOURCE_EXHAUSTED: the calling system has <c>MaxConcurrentCalls</c> calls in flight; retry after the pushback.</summary>
    public const string QuotaCalls = "QUOTA_CALLS";

    /// <summary>UNAUTHENTICATED: no credentials, or credentials no registered system holds.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>UNAUTHENTICATED: too many failed authentications from this address; credentials are not checked for a while (the message says how long).</summary>
    public const string AuthThrottled = "AUTH_THROTTLED";

    /// <summary>PERMISSION_DENIED: the method is not in the system's <c>AllowedMethods</c>.</summary>
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    /// <summary>PERMISSION_DENIED: the model is not in the system's <c>AllowedModels</c>.</summary>
    public const string ModelNotAllowed = "MODEL_NOT_ALLOWED";

    /// <summary>NOT_FOUND: <c>task</c> names no task variant or family the calling system may run.</summary>
    public const string TaskNotFound = "TASK_NOT_FOUND";

    /// <summary>PERMISSION_DENIED: the task is not in the system's <c>AllowedTasks</c>.</summary>
    public const string TaskNotAllowed = "TASK_NOT_ALLOWED";

    /// <summary>FAILED_PRECONDITION: the task's grounding policy is reject and its answer holds facts the inputs do not back (a <c>PreconditionFailure</c> lists each item's kind and location).</summary>
    public const string UngroundedOutput = "UNGROUNDED_OUTPUT";

    /// <summary>DEADLINE_EXCEEDED: the call's deadline passed.</summary>
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";

    /// <summary>CANCELLED: the caller cancelled the call.</summary>
    public const string Cancelled = "CANCELLED";

    /// <summary>INTERNAL (or UNKNOWN): an unexpected failure; the appliance logged the details under the call's request id.</summary>
    public const string Internal = "INTERNAL";

    /// <summary>Every reason, for documentation checks.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        InvalidArgument, ModelNotFound, ModelLoading, ModelFailed, ModelUnavailable, Draining, QueueFull, QuotaTokens, QuotaCalls,
        Unauthenticated, AuthThrottled, MethodNotAllowed, ModelNotAllowed, TaskNotFound, TaskNotAllowed, UngroundedOutput, DeadlineExceeded, Cancelled, Internal,
        ModelNotLoaded, ModelUnloading, MemoryBudget, AdminRequired,
    ];
}
