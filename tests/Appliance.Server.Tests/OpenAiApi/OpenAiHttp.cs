using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>Raw HTTP to the door: a body as written, the answer's status, headers and JSON.</summary>
public sealed class OpenAiHttp(Uri baseAddress, string? key) : IDisposable
{
    private readonly HttpClient _client = Create(baseAddress, key);

    public HttpClient Client => _client;

    public async Task<Answer> PostAsync(string path, string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        return await Answer.ReadAsync(response, cancellationToken);
    }

    public async Task<Answer> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        return await Answer.ReadAsync(response, CancellationToken.None);
    }

    public void Dispose() => _client.Dispose();

    private static HttpClient Create(Uri baseAddress, string? key)
    {
        // A response disposed mid-stream closes its connection at once, as a client that goes away does
        // (by default .NET drains up to 1 MB for 2 s to reuse the connection).
        var handler = new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Bounded.CallTimeout };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>What came back.</summary>
    public sealed record Answer(int Status, HttpResponseHeaders Headers, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;

        /// <summary>The error object, after checking OpenAI's shape: message, type, param and code all present.</summary>
        public JsonElement Error
        {
            get
            {
                var error = Json.GetProperty("error");
                Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
                Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
                Assert.True(error.TryGetProperty("param", out _), "error.param missing");
                Assert.True(error.TryGetProperty("code", out _), "error.code missing");
                return error;
            }
        }

        public string? Param => Error.GetProperty("param").GetString();

        public string? Code => Error.GetProperty("code").GetString();

        public static async Task<Answer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
            new((int)response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
