using Appliance.Core.Errors;
using Appliance.Core.Generation;

namespace Appliance.Server.Calls;

/// <summary>
/// What a door reads of a call before its handler runs, transport-free: the method, the
/// request's identifying fields and the credentials. <see cref="CallContextFactory"/> decides
/// the call from it.
/// </summary>
/// <param name="Method">The method as a path, <c>/appliance.v1.Generation/Generate</c> (the gRPC name; other doors use the same names).</param>
/// <param name="ModelId">The model the request names; null when it names none.</param>
/// <param name="DeclaredClient">The calling system the request declares (field or header); counts only without credentials.</param>
/// <param name="ClientRequestId">The caller's correlation id; null when absent.</param>
/// <param name="Priority">The priority asked for; null for methods that carry none.</param>
/// <param name="Credentials">Certificate and API key.</param>
internal sealed record CallStart(
    string Method, string? ModelId, string? DeclaredClient, string? ClientRequestId, Priority? Priority, CallerCredentials Credentials)
{
    /// <summary>
    /// A field the door read but cannot accept (an enum value outside the contract); the pipeline
    /// refuses the call with it after its steps began, so the refusal is counted and audited.
    /// </summary>
    public InvalidRequestException? FieldError { get; init; }

    /// <summary>
    /// The peer address of the connection the call came on (never a header: a caller cannot
    /// choose it); failed authentications are counted per address. Null when the transport has none.
    /// </summary>
    public System.Net.IPAddress? Source { get; init; }

    /// <summary>The task a RunTask call names and its selection attributes; null for other methods.</summary>
    public Tasks.TaskCallStart? Task { get; init; }

    /// <summary>
    /// The model the <c>x-appliance-model</c> header names (what a balancer routed the call by);
    /// null when absent. <see cref="CallContextFactory"/> refuses a call that queues work on
    /// another model than this (<see cref="ModelRoutes"/>).
    /// </summary>
    public string? RoutedModel { get; init; }

    /// <summary>The request field that names the model, as a refusal names it: <c>model_id</c> (gRPC), <c>model</c> (the OpenAI door).</summary>
    public string ModelField { get; init; } = "model_id";
}
