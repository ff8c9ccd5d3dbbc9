using System.Globalization;
using System.Text.Json;
using Appliance.Server.Calls;
using Appliance.Server.GrpcApi;
using Appliance.Server.OpenAiApi.Wire;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// A <see cref="CallError"/> on the HTTP door's wire, in OpenAI's shape
/// <c>{"error": {"message", "type", "param", "code"}}</c>: the status (400, 401, 403, 404, 413, 429,
/// 503, 500), <c>param</c> = the field in OpenAI's terms, <c>code</c> = the appliance's stable reason in
/// lower case (<c>model_not_found</c>, <c>queue_full</c>, ...). ResourceExhausted carries
/// <c>Retry-After</c> (whole seconds, rounded up) and <c>retry-after-ms</c> (which OpenAI's SDKs read)
/// from the same pushback figure as gRPC's <c>grpc-retry-pushback-ms</c>. A 503 of a box that drains or a
/// model that still loads carries them too (<see cref="UnavailableRetryAfter"/>): OpenAI's SDKs retry a
/// 503 after that wait, and behind a balancer the retry reaches a box that serves. Once a stream has started,
/// the error is one more server-sent event. The message is the pipeline's: names and limits, never request text.
/// </summary>
internal static class OpenAiErrors
{
    public static async Task WriteAsync(HttpContext http, CallError error, bool tooLarge)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(error);
        var (status, type) = tooLarge ? (StatusCodes.Status413PayloadTooLarge, "invalid_request_error") : StatusOf(error.Status);
        var body = new ErrorResponse(new ErrorBody(
            OpenAiParams.Message(error.Message, error.Field, error.FieldProblem).Replace("an x-api-key", "an API key (Authorization: Bearer)", StringComparison.Ordinal), type, ParamOf(error), error.Reason.ToLowerInvariant()));
        var json = JsonSerializer.SerializeToUtf8Bytes(body, OpenAiJson.Default.ErrorResponse);
        if (http.Response.HasStarted)
        {
            await ServerSentEvents.WriteAsync(http.Response, json, CancellationToken.None);
            return;
        }

        http.Response.StatusCode = status;
        if ((error.RetryAfter ?? UnavailableRetryAfter(error)) is { } retryAfter)
        {
            var ms = GrpcErrorDetails.PushbackMilliseconds(retryAfter);
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(ms / 1000.0)).ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["retry-after-ms"] = ms.ToString(CultureInfo.InvariantCulture);
        }

        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(json);
    }

    /// <summary>
    /// When to retry a 503 that passes by itself: a draining box has left its balancer's pool within a
    /// second (Appliance:Server:LeavePoolDelay), a loading model takes seconds more. Null for a model
    /// that failed: retrying will not help until IT acts.
    /// </summary>
    private static TimeSpan? UnavailableRetryAfter(CallError error) => error.Status != CallStatus.Unavailable ? null : error.Reason switch
    {
        Core.Errors.ErrorReasons.Draining => TimeSpan.FromSeconds(1),
        Core.Errors.ErrorReasons.ModelLoading => TimeSpan.FromSeconds(5),
        _ => null,
    };

    /// <summary>The field in OpenAI's terms; an unknown model is the <c>model</c> field's fault, as OpenAI reports it.</summary>
    private static string? ParamOf(CallError error) =>
        error.Field is { } field ? OpenAiParams.Of(field) : error.Status == CallStatus.NotFound ? "model" : null;

    /// <summary>The HTTP status and OpenAI error type of a status.</summary>
    public static (int Status, string Type) StatusOf(CallStatus status) => status switch
    {
        CallStatus.InvalidArgument => (StatusCodes.Status400BadRequest, "invalid_request_error"),
        CallStatus.Unauthenticated => (StatusCodes.Status401Unauthorized, "authentication_error"),
        CallStatus.PermissionDenied => (StatusCodes.Status403Forbidden, "permission_error"),
        CallStatus.NotFound => (StatusCodes.Status404NotFound, "not_found_error"),
        CallStatus.ResourceExhausted => (StatusCodes.Status429TooManyRequests, "rate_limit_error"),
        CallStatus.Unavailable => (StatusCodes.Status503ServiceUnavailable, "service_unavailable_error"),
        CallStatus.DeadlineExceeded => (StatusCodes.Status504GatewayTimeout, "timeout_error"),
        _ => (StatusCodes.Status500InternalServerError, "server_error"),
    };
}
