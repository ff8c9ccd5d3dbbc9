using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Server.Calls;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// The HTTP door's side of a <see cref="CallStart"/>: credentials from <c>Authorization: Bearer</c>
/// (or <c>x-api-key</c>, as on gRPC) and the TLS client certificate, the priority from
/// <c>x-appliance-priority</c>, the correlation id from <c>x-client-request-id</c> (OpenAI's header),
/// the declared client from <c>x-appliance-client</c> (development only), the peer address.
/// </summary>
internal static class OpenAiCalls
{
    public const string PriorityHeader = "x-appliance-priority";

    public const string ClientRequestIdHeader = "x-client-request-id";

    /// <summary>What the call carries; <paramref name="scheduled"/>: the method takes a priority (generation, embeddings).</summary>
    public static CallStart Start(HttpContext http, string method, string? modelId, bool scheduled, InvalidRequestException? fieldError)
    {
        ArgumentNullException.ThrowIfNull(http);
        var headers = http.Request.Headers;
        var credentials = new CallerCredentials(http.Connection.ClientCertificate, BearerOf(headers.Authorization.ToString()) ?? NullIfEmpty(headers["x-api-key"].ToString()));
        var (priority, priorityError) = scheduled ? PriorityOf(headers[PriorityHeader].ToString()) : (null, null);
        return new CallStart(method, NullIfEmpty(modelId), NullIfEmpty(headers["x-appliance-client"].ToString()), NullIfEmpty(headers[ClientRequestIdHeader].ToString()), priority, credentials)
        {
            FieldError = fieldError ?? priorityError,
            Source = http.Connection.RemoteIpAddress,
        };
    }

    private static string? BearerOf(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? NullIfEmpty(authorization["Bearer ".Length..].Trim()) : null;

    /// <summary>Absent means normal; any other value is refused naming the header and the allowed values (never echoing it).</summary>
    private static (Priority? Priority, InvalidRequestException? Error) PriorityOf(string value) => value.ToLowerInvariant() switch
    {
        "" or "normal" => (Priority.Normal, null),
        "urgent" => (Priority.Urgent, null),
        "batch" => (Priority.Batch, null),
        _ => (Priority.Normal, new InvalidRequestException(PriorityHeader, "must be urgent, normal or batch")),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
