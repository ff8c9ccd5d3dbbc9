using System.Text;
using System.Text.Json;
using Appliance.Core.Models;
using Appliance.Engines.Onnx.MiniLm;
using Appliance.Server.Tests.OpenAiApi;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// The marker through the OpenAI-compatible HTTP door (issue 17): in messages, the system prompt,
/// stop strings and embedding input; on success, streamed, cut off by a disconnect, refused (wrong
/// type, unsupported field, unknown model, a model the client may not use, a bad key) and failed
/// by an engine that quotes its input (500). No log line, audit record, metric or error body holds it.
/// </summary>
public sealed partial class PhiCanaryTests
{
    [Fact]
    public async Task Marker_ThroughTheOpenAiDoor_AppearsInNoLogAuditMetricOrErrorBody()
    {
        await Bounded.UntilAsync(() => _server.Host.Get(MiniLmModel.Id)?.State.State == ModelState.Ready, "MiniLM to be ready", Bounded.StartTimeout);
        using var http = new OpenAiHttp(_server.OpenAiAddress, _key);
        var marker = JsonSerializer.Serialize(_marker);
        var stop = JsonSerializer.Serialize(Core); // a stop string holds at most 64 characters
        string Chat(string model, string extra = "") =>
            $$"""{"model":"{{model}}","messages":[{"role":"system","content":{{marker}}},{"role":"user","content":[{"type":"text","text":{{marker}}}]}],"max_tokens":3,"stop":[{{stop}}]{{extra}}}""";

        Assert.Equal(200, Collected(await http.PostAsync("chat/completions", Chat(ModelId))).Status);
        Assert.Equal(200, Collected(await http.PostAsync("chat/completions", Chat(ModelId, ""","stream":true,"stream_options":{"include_usage":true}"""))).Status);
        Assert.Equal(200, Collected(await http.PostAsync("completions", $$"""{"model":"{{ModelId}}","prompt":{{marker}},"max_tokens":3}""")).Status);
        Assert.Equal(200, Collected(await http.PostAsync("embeddings", $$"""{"model":"{{MiniLmModel.Id}}","input":[{{marker}},{{marker}}]}""")).Status);

        Assert.Equal(400, Collected(await http.PostAsync("chat/completions", Chat(ModelId, $$""","temperature":{{marker}}"""))).Status);
        Assert.Equal(400, Collected(await http.PostAsync("chat/completions", Chat(ModelId, ""","n":3"""))).Status);
        Assert.Equal(400, Collected(await http.PostAsync("chat/completions", Chat(ModelId, $$""","{{_marker}}":[1,}"""))).Status);
        Assert.Equal(400, Collected(await http.PostAsync("embeddings", $$"""{"model":"{{MiniLmModel.Id}}","input":{{marker}},"dimensions":7}""")).Status);
        Assert.Equal(404, Collected(await http.PostAsync("chat/completions", Chat(_marker))).Status);
        Assert.Equal(500, Collected(await http.PostAsync("chat/completions", Chat(FaultyModelId))).Status);
        using (var narrow = new OpenAiHttp(_server.OpenAiAddress, _narrowKey))
        {
            Assert.Equal(403, Collected(await narrow.PostAsync("embeddings", $$"""{"model":"{{MiniLmModel.Id}}","input":{{marker}}}""")).Status);
        }

        using (var impostor = new OpenAiHttp(_server.OpenAiAddress, Core))
        {
            Assert.Equal(401, Collected(await impostor.PostAsync("chat/completions", Chat(ModelId))).Status);
        }

        // A time limit that passes (504) and one that is not a number of milliseconds (400, never echoed).
        using (var limited = new OpenAiHttp(_server.OpenAiAddress, _key))
        {
            limited.Client.DefaultRequestHeaders.Add("x-appliance-timeout-ms", "1");
            Assert.Equal(504, Collected(await limited.PostAsync("chat/completions", Chat(ModelId, ""","max_tokens":400"""))).Status);
            limited.Client.DefaultRequestHeaders.Remove("x-appliance-timeout-ms");
            limited.Client.DefaultRequestHeaders.Add("x-appliance-timeout-ms", Core);
            Assert.Equal(400, Collected(await limited.PostAsync("chat/completions", Chat(ModelId))).Status);
        }

        await DisconnectMidStreamAsync(http, Chat(ModelId, ""","max_tokens":400,"stream":true"""));
        await _server.WaitForIdleAsync();
        await Bounded.UntilAsync(() => TestAuditChain.Files(AuditDirectory).Select(ReadShared).Sum(t => t.Split("openai.").Length - 1) >= 26, "the door's audit records");
        await AssertMarkerNowhereAsync();
    }

    /// <summary>Keeps the raw body and, for an error, its decoded message (the raw JSON escapes non-ASCII text).</summary>
    private OpenAiHttp.Answer Collected(OpenAiHttp.Answer answer)
    {
        Collect(answer.Text);
        if (answer.Status != 200)
        {
            Collect(answer.Error.GetProperty("message").GetString());
            Collect(answer.Param);
        }

        return answer;
    }

    private static async Task DisconnectMidStreamAsync(OpenAiHttp http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync().Within(), StringComparison.Ordinal);
    }
}
