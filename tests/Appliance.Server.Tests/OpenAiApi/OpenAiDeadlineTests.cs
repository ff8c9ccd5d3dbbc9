using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using OpenAI.Chat;
using static Appliance.Server.Tests.OpenAiApi.OpenAiServerFixture;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>
/// A time limit on the door (<c>x-appliance-timeout-ms</c>; OpenAI's API has no deadline field) that
/// passes mid-generation: 504 <c>timeout_error</c> in OpenAI's shape for a whole answer, an error event
/// for a stream, the sequence released (running count back to 0) and the call audited DeadlineExceeded.
/// </summary>
[Collection(OpenAiServerCollection.Name)]
public sealed class OpenAiDeadlineTests(OpenAiServerFixture fixture)
{
    /// <summary>An answer that cannot end within the limits used here: a grammar needing 8 strings of 1,999 characters (the converter's cap).</summary>
    private const string LongSchema = """{"type":"array","minItems":8,"items":{"type":"string","minLength":1999}}""";

    /// <summary>A chat request whose answer is <see cref="LongSchema"/>.</summary>
    private static string LongChat(bool stream) =>
        "{\"model\":\"" + ModelId + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Summarise.\"}],\"max_tokens\":8000,\"stream\":" + (stream ? "true" : "false") + ","
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"long\",\"schema\":" + LongSchema + "}}}";

    [Fact]
    public async Task Sdk_TimeLimitPasses_504TimeoutErrorAndTheSlotIsFreed()
    {
        var chat = Sdk(fixture.App.Key, "openai-deadline-sdk", timeoutMs: 300).GetChatClient(ModelId);
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = 8000,
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("long", BinaryData.FromString(LongSchema)),
        };

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("Summarise.")], options));

        Assert.True(refused.Status == 504, refused.GetRawResponse()?.Content.ToString());
        var error = System.Text.Json.JsonDocument.Parse(refused.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal(("timeout_error", "deadline_exceeded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains("deadline passed", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await fixture.WaitForIdleAsync();
        var end = await Security.AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "openai-deadline-sdk");
        Assert.Equal(("DeadlineExceeded", "openai.chat.completions"), (end.Status, end.Method));
        Assert.True(end.CompletionTokens < 8000);
    }

    [Fact]
    public async Task Stream_TimeLimitPassesMidStream_EndsWithATimeoutEventAndTheSlotIsFreed()
    {
        using var http = fixture.Http(fixture.App.Key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(LongChat(stream: true), Encoding.UTF8, "application/json") };
        request.Headers.Add("x-client-request-id", "openai-deadline-stream");
        request.Headers.Add("x-appliance-timeout-ms", "1500");

        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync()); // the stream had started: the limit ends it with an event
        var events = (await response.Content.ReadAsStringAsync().Within()).Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();

        Assert.Contains(events, e => e.Contains("\"content\":\"", StringComparison.Ordinal) && !e.Contains("\"content\":\"\"", StringComparison.Ordinal));
        var last = events[^1];
        Assert.Contains("\"type\":\"timeout_error\"", last, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"deadline_exceeded\"", last, StringComparison.Ordinal);
        Assert.DoesNotContain("data: [DONE]", events);
        await fixture.WaitForIdleAsync();
        var end = await Security.AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "openai-deadline-stream");
        Assert.Equal("DeadlineExceeded", end.Status);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3600001")]
    [InlineData("1.5")]
    [InlineData("soon")]
    public async Task TimeLimitOutOfRange_400NamingTheHeaderAndTheRange(string value)
    {
        using var http = fixture.Http(fixture.App.Key);
        http.Client.DefaultRequestHeaders.Add("x-appliance-timeout-ms", value);

        var answer = await http.PostAsync("chat/completions", $$"""{"model":"{{ModelId}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""");

        Assert.Equal((400, "x-appliance-timeout-ms"), (answer.Status, answer.Param));
        Assert.Equal("x-appliance-timeout-ms: must be a whole number of milliseconds from 1 to 3600000", answer.Error.GetProperty("message").GetString());
    }

    /// <summary>The SDK with the door's headers on every call (the SDK has no deadline option of its own that reaches the server).</summary>
    private OpenAI.OpenAIClient Sdk(string key, string clientRequestId, int timeoutMs)
    {
        var options = new OpenAI.OpenAIClientOptions
        {
            Endpoint = fixture.OpenAiAddress,
            NetworkTimeout = Bounded.CallTimeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        options.AddPolicy(new HeaderPolicy([("x-client-request-id", clientRequestId), ("x-appliance-timeout-ms", timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture))]), PipelinePosition.PerCall);
        return new OpenAI.OpenAIClient(new ApiKeyCredential(key), options);
    }

    /// <summary>Sets headers on every request the SDK sends.</summary>
    private sealed class HeaderPolicy((string Name, string Value)[] headers) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Set(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Set(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Set(PipelineMessage message)
        {
            foreach (var (name, value) in headers)
            {
                message.Request.Headers.Set(name, value);
            }
        }
    }
}
