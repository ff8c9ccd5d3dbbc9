namespace Appliance.Server.Calls;

/// <summary>
/// How a call ended, in the canonical status vocabulary every door maps to its wire: the names
/// and numbers of the gRPC codes (<c>google.rpc.Code</c>), which the audit log and the
/// <c>grpc_code</c> metric label record as written here. An HTTP door maps them to HTTP
/// statuses; the steps that read them know no transport.
/// </summary>
internal enum CallStatus
{
    /// <summary>Success.</summary>
    OK = 0,

    /// <summary>The caller cancelled or went away.</summary>
    Cancelled = 1,

    /// <summary>Not known (the call has not ended).</summary>
    Unknown = 2,

    /// <summary>A field of the request is invalid (the message names it).</summary>
    InvalidArgument = 3,

    /// <summary>The caller's deadline passed.</summary>
    DeadlineExceeded = 4,

    /// <summary>No such model.</summary>
    NotFound = 5,

    /// <summary>Unused by the appliance.</summary>
    AlreadyExists = 6,

    /// <summary>The client may not call this method or use this model.</summary>
    PermissionDenied = 7,

    /// <summary>A queue or quota is full; retry after the hint.</summary>
    ResourceExhausted = 8,

    /// <summary>Unused by the appliance.</summary>
    FailedPrecondition = 9,

    /// <summary>Unused by the appliance.</summary>
    Aborted = 10,

    /// <summary>Unused by the appliance.</summary>
    OutOfRange = 11,

    /// <summary>The method does not exist.</summary>
    Unimplemented = 12,

    /// <summary>An unexpected failure; the appliance logged its shape.</summary>
    Internal = 13,

    /// <summary>The model is loading, failed or the appliance is shutting down.</summary>
    Unavailable = 14,

    /// <summary>Unused by the appliance.</summary>
    DataLoss = 15,

    /// <summary>No credentials, or credentials no configured client holds.</summary>
    Unauthenticated = 16,
}
