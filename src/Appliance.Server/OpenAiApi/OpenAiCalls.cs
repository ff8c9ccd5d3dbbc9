using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Server.Calls;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// The HTTP door's side of a <see cref="CallStart"/>: credentials from <c>Authorization: Bearer</c>
/// (or <c>x-api-key</c>, as on gRPC) and the TLS client certificate, the priority from
/// <c>x-appliance-priority</c>, the correlation id from <c>x-client-request-id</c> (OpenAI's header),
/// the declared client from <c>x-appliance-client</c> (development only), the model a balancer routed
/// the call by from <c>x-appliance-model</c> (checked against the body's <c>model</c>), the peer address, and the
/// request's time limit from <c>x-appliance-timeout-ms</c> (OpenAI's API has no deadline field; gRPC
/// callers send <c>grpc-timeout</c>): when it passes, the generation ends and the door answers 504.
/// </summary>
internal static class OpenAiCalls
{
    public const string PriorityHeader = "x-appliance-priority";

    public const string ClientRequestIdHeader = "x-client-request-id";

    public const string TimeoutHeader = "x-appliance-timeout-ms";

    /// <summary>The longest time limit a caller may set: one hour, as long as a generation may sensibly run.</summary>
    public const int MaxTimeoutMilliseconds = 3_600_000;

    /// <summary>What the call carries; <paramref name="scheduled"/>: the method takes a priority (generation, embeddings).</summary>
    public static CallStart Start(HttpContext http, string method, string? modelId, bool scheduled, InvalidRequestException? fieldError)
    {
        ArgumentNullException.ThrowIfNull(http);
        var headers = http.Request.Headers;
        var credentials = new CallerCredentials(http.Connection.ClientCertificate, BearerOf(headers.Authorization.ToString()) ?? NullIfEmpty(headers["x-api-key"].ToString()));
        var (priority, priorityError) = scheduled ? PriorityOf(headers[PriorityHeader].ToString()) : (null, null);
        var (_, timeoutError) = TimeoutOf(http);
        return new CallStart(method, NullIfEmpty(modelId), NullIfEmpty(headers["x-appliance-client"].ToString()), NullIfEmpty(headers[ClientRequestIdHeader].ToString()), priority, credentials)
        {
            FieldError = fieldError ?? priorityError ?? timeoutError,
            Source = http.Connection.RemoteIpAddress,
            RoutedModel = NullIfEmpty(headers[Contracts.Balancing.ModelRouting.Header].ToString()),
            ModelField = "model",
        };
    }

    /// <summary>
    /// The caller's time limit (<see cref="TimeoutHeader"/>): null when absent; a value that is not a whole
    /// number of milliseconds from 1 to <see cref="MaxTimeoutMilliseconds"/> is refused naming the header and the range.
    /// </summary>
    public static (TimeSpan? Timeout, InvalidRequestException? Error) TimeoutOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var value = http.Request.Headers[TimeoutHeader].ToString();
        if (value.Length == 0)
        {
            return (null, null);
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms is >= 1 and <= MaxTimeoutMilliseconds
            ? (TimeSpan.FromMilliseconds(ms), null)
            : (null, new InvalidRequestException(TimeoutHeader, $"must be a whole number of milliseconds from 1 to {MaxTimeoutMilliseconds}"));
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
