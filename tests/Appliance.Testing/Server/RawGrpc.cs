using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Appliance.Testing.Server;

/// <summary>
/// A gRPC call made of bytes, as a client other than the project's own sends it: one HTTP/2
/// POST (h2c on a plaintext loopback server) whose body is the 5-byte gRPC frame header (not
/// compressed, big-endian length) and the given payload, which need not be a valid message.
/// </summary>
public static class RawGrpc
{
    /// <summary>What came back: the gRPC status and its (percent-decoded) message, from the trailers or a trailers-only response.</summary>
    public sealed record Result(int Status, string Message);

    /// <summary>
    /// The whole answer: also whether it was Trailers-Only (the status in the response's one headers
    /// frame, no body: what a retry policy may retry) and the trailers (or those headers), by name.
    /// </summary>
    public sealed record Answer(int Status, string Message, bool TrailersOnly, IReadOnlyDictionary<string, string> Trailers);

    /// <summary>Sends <paramref name="payload"/> as the one request message of <paramref name="method"/> (<c>/package.Service/Method</c>).</summary>
    public static async Task<Result> CallAsync(string address, string method, byte[] payload, IReadOnlyDictionary<string, string>? headers = null)
    {
        var answer = await SendAsync(address, method, payload, headers);
        return new Result(answer.Status, answer.Message);
    }

    /// <summary>As <see cref="CallAsync"/>, with the shape of the answer.</summary>
    public static async Task<Answer> SendAsync(string address, string method, byte[] payload, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var http = new HttpClient { Timeout = Bounded.CallTimeout };
        var body = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(body, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(address), method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var content = await response.Content.ReadAsByteArrayAsync(); // the trailers come after the body
        var trailersOnly = Header(response.Headers, "grpc-status") is not null && content.Length == 0 && !response.TrailingHeaders.Any();
        var trailers = trailersOnly ? response.Headers : response.TrailingHeaders;
        var status = Header(trailers, "grpc-status")
            ?? throw new InvalidOperationException($"{method}: no grpc-status (HTTP {(int)response.StatusCode})");
        var message = Header(trailers, "grpc-message") ?? "";
        return new Answer(
            int.Parse(status, System.Globalization.CultureInfo.InvariantCulture),
            Uri.UnescapeDataString(message),
            trailersOnly,
            trailers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
