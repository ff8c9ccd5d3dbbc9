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
    /// Everything that came back: the status and message, whether the answer was Trailers-Only (the
    /// status in the response's one headers frame, no body: what a retry policy may retry), the
    /// response headers and the trailers (those of a Trailers-Only answer are its headers); names in
    /// lower case (looked up ignoring case), the first value of each.
    /// </summary>
    public sealed record Reply(int Status, string Message, bool TrailersOnly, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Trailers)
    {
        /// <summary>The status and message alone.</summary>
        public Result Result => new(Status, Message);
    }

    /// <summary>Sends <paramref name="payload"/> as the one request message of <paramref name="method"/> (<c>/package.Service/Method</c>).</summary>
    public static async Task<Result> CallAsync(string address, string method, byte[] payload, IReadOnlyDictionary<string, string>? headers = null) =>
        (await SendAsync(address, method, payload, headers)).Result;

    /// <summary>As <see cref="CallAsync"/>, with the shape of the answer and its headers and trailers.</summary>
    public static async Task<Reply> SendAsync(string address, string method, byte[] payload, IReadOnlyDictionary<string, string>? headers = null)
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
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status")
            ?? throw new InvalidOperationException($"{method}: no grpc-status (HTTP {(int)response.StatusCode})");
        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? "";
        var trailersOnly = Header(response.Headers, "grpc-status") is not null && content.Length == 0 && !response.TrailingHeaders.Any();
        var responseHeaders = Flatten(response.Headers);
        var trailers = responseHeaders.ContainsKey("grpc-status") ? responseHeaders : Flatten(response.TrailingHeaders); // Trailers-Only: one frame
        return new Reply(
            int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), Uri.UnescapeDataString(message), trailersOnly, responseHeaders, trailers);
    }

    private static Dictionary<string, string> Flatten(HttpHeaders headers) =>
        headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.First(), StringComparer.OrdinalIgnoreCase);

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
