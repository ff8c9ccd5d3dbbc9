using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// Sends a call's server request id as <c>x-request-id</c> on every outcome (success, refusal,
/// error, cancel, deadline) without changing how the response is framed: in the response
/// headers, which go with the first message or, for a call answered before any message, are the
/// one Trailers-Only frame (grpc-dotnet's own deadline answer included); and in the trailers of a
/// call that sent headers first. Never writes a headers frame of its own.
/// </summary>
internal static class RequestIdMetadata
{
    /// <summary>The header and trailer name.</summary>
    public const string Key = "x-request-id";

    private const string StatusKey = "grpc-status";

    /// <summary>Attaches <paramref name="requestId"/> to the call's response; call once, before the handler runs.</summary>
    public static void Send(ServerCallContext context, string requestId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.GetHttpContext().Response;
        response.Headers[Key] = requestId;
        response.OnStarting(() =>
        {
            // A Trailers-Only response has its status in these headers already: the id is there, and
            // a trailer would split the one frame in two (clients then no longer retry it).
            if (!response.Headers.ContainsKey(StatusKey) && response.SupportsTrailers())
            {
                response.AppendTrailer(Key, requestId);
            }

            return Task.CompletedTask;
        });
    }
}
