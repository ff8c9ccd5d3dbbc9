using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>
/// A box that drains (the host stops, as on SIGTERM) answers its HTTP door as it answers gRPC: a
/// new call gets 503 in OpenAI's shape with <c>Retry-After</c> on the port that is still open, not
/// a reset connection, and a stream already running finishes with <c>[DONE]</c>.
/// </summary>
public sealed class OpenAiDrainTests
{
    [Fact]
    public async Task Drain_NewCallsGet503WithRetryAfter_TheRunningStreamFinishes()
    {
        await using var server = new ApplianceServerFixture();
        var app = server.AddApiKeyClient("app");
        server.Settings["Appliance:OpenAi:Enabled"] = "true";
        server.Settings["Appliance:OpenAi:Url"] = "http://127.0.0.1:0";
        server.Settings["Appliance:Server:ShutdownGracePeriod"] = "00:00:03";
        await server.InitializeAsync();
        using var http = new OpenAiHttp(server.OpenAiAddress, app.Key);

        // A stream in flight when the drain begins (64 tokens of an answer that cannot end sooner).
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = new StringContent(
                "{\"model\":\"" + ApplianceServerFixture.ModelId + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Summarise.\"}],\"max_tokens\":64,\"stream\":true,"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"long\",\"schema\":{\"type\":\"string\",\"minLength\":1900}}}}",
                Encoding.UTF8,
                "application/json"),
        };
        using var streaming = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await streaming.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: {", await reader.ReadLineAsync().Within(), StringComparison.Ordinal);

        var stopping = server.Server.App.StopAsync();

        // Raw: status, headers and shape as sent.
        var raw = await http.PostAsync("chat/completions", $$"""{"model":"{{ApplianceServerFixture.ModelId}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2,"stream":true}""");
        Assert.Equal(503, raw.Status);
        Assert.Equal(("service_unavailable_error", "draining"), (raw.Error.GetProperty("type").GetString(), raw.Code));
        Assert.Contains("shutting down", raw.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("1", raw.Headers.GetValues("Retry-After").Single());
        Assert.Equal("1000", raw.Headers.GetValues("retry-after-ms").Single());

        // The official SDK (retries off) sees the same 503 and the retry hint it would honour.
        var sdk = new OpenAI.OpenAIClient(new ApiKeyCredential(app.Key), new OpenAI.OpenAIClientOptions
        {
            Endpoint = server.OpenAiAddress,
            NetworkTimeout = Bounded.CallTimeout,
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });
        var refused = await Assert.ThrowsAsync<ClientResultException>(() =>
            sdk.GetChatClient(ApplianceServerFixture.ModelId).CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 }));
        Assert.Equal(503, refused.Status);
        Assert.True(refused.GetRawResponse()!.Headers.TryGetValue("retry-after-ms", out var retryAfterMs) && retryAfterMs == "1000", $"retry-after-ms: {retryAfterMs}");
        Assert.Equal("draining", JsonDocument.Parse(refused.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error").GetProperty("code").GetString());

        // The stream that was running finishes whole.
        var rest = await reader.ReadToEndAsync().Within();
        Assert.EndsWith("data: [DONE]", rest.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"length\"", rest, StringComparison.Ordinal);
        await stopping.Within(Bounded.CallTimeout);
    }
}
