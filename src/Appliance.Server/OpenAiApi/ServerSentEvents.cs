using System.Buffers;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// Server-sent events as OpenAI streams them: <c>data: JSON</c> and a blank line per event, flushed at
/// once (each token reaches the caller as it is sampled), <c>data: [DONE]</c> at the end. Hand-written
/// (three writes) rather than System.Net.ServerSentEvents' <c>SseFormatter</c>, which formats an
/// <c>IAsyncEnumerable</c> source: an error in mid-stream must become an event written by the door,
/// outside any iterator, after the pipeline classified it.
/// </summary>
internal static class ServerSentEvents
{
    private static readonly byte[] Data = "data: "u8.ToArray();
    private static readonly byte[] End = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Sends the event stream's headers.</summary>
    public static Task StartAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // a reverse proxy in front must not hold tokens back
        return response.StartAsync(cancellationToken);
    }

    public static async Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var writer = response.BodyWriter;
        writer.Write(Data);
        writer.Write(json.Span);
        writer.Write(End);
        await writer.FlushAsync(cancellationToken);
    }

    public static async Task DoneAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.BodyWriter.Write(Done);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
