using System.Net.Http.Headers;
using System.Text;
using Appliance.Contracts.V1;
using static Appliance.Server.Tests.OpenAiApi.OpenAiServerFixture;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>What the door shares with gRPC: a client that goes away frees its slot; audit records and metrics of both doors in one chain.</summary>
[Collection(OpenAiServerCollection.Name)]
public sealed class OpenAiCallTests(OpenAiServerFixture fixture)
{
    /// <summary>The rest of a streamed chat request whose answer cannot end soon (a grammar needing 1,900 characters).</summary>
    private const string LongAnswer =
        "\"messages\":[{\"role\":\"user\",\"content\":\"Summarise.\"}],\"max_tokens\":8000,\"stream\":true,"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"long\",\"schema\":{\"type\":\"string\",\"minLength\":1900}}}}";

    [Fact]
    public async Task Disconnect_MidStream_FreesTheSlot()
    {
        var worker = fixture.Host.Get(ModelId)!.State.Worker!;
        using var http = fixture.Http(fixture.App.Key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = new StringContent(
                // A grammar that cannot end soon: random weights could otherwise sample the end token after a few pieces.
                "{\"model\":\"" + ModelId + "\"," + LongAnswer,
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("x-client-request-id", "openai-disconnect");

        using (var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var first = await reader.ReadLineAsync().Within();
            Assert.StartsWith("data: {", first, StringComparison.Ordinal);
            var piece = await ReadContentEventAsync(reader);
            Assert.Contains("\"content\":", piece, StringComparison.Ordinal);
            Assert.Equal(1, worker.RunningCount); // a chunk arrived while the sequence was still generating
        }

        // The response is disposed mid-stream: the connection is gone, the sequence is cancelled like a gRPC cancel.
        await fixture.WaitForIdleAsync();
        var end = await Security.AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "openai-disconnect");
        Assert.Equal(("Cancelled", "openai.chat.completions", "app"), (end.Status, end.Method, end.Client));
        Assert.True(end.CompletionTokens < 8000);
    }

    [Fact]
    public async Task AuditChain_VerifiesAfterGrpcAndHttpCalls_MetricsCountTheDoor()
    {
        using var http = fixture.Http(fixture.App.Key);
        http.Client.DefaultRequestHeaders.Add("x-client-request-id", "openai-audit");
        http.Client.DefaultRequestHeaders.Add("x-appliance-priority", "batch");
        var generation = new Generation.GenerationClient(fixture.Channel);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(200, (await http.PostAsync("chat/completions", $$"""{"model":"{{ModelId}}","messages":[{"role":"user","content":"hi"}],"max_tokens":3}""")).Status);
            await generation.CompleteAsync(GrpcTestExtensions.Greedy("hi", 3), fixture.App.Header);
            Assert.Equal(200, (await http.PostAsync("embeddings", $$"""{"model":"{{MiniLm}}","input":"hi"}""")).Status);
        }

        await Bounded.UntilAsync(
            async _ => (await Security.AuditRecords.ReadAsync(fixture.AuditDirectory)).Count(r => r.Method == "openai.embeddings" && r.Event == "end") >= 2,
            "the embeddings end records");

        // The chat call's own end record (the embeddings calls carry the same client request id).
        var end = (await Security.AuditRecords.ReadAsync(fixture.AuditDirectory))
            .Last(r => r.Event == "end" && r.ClientRequestId == "openai-audit" && r.Method == "openai.chat.completions");
        Assert.Equal(("OK", "app", "batch", ModelId), (end.Status, end.Client, end.Priority, end.ModelId));
        Assert.Equal(3, end.CompletionTokens);
        foreach (var file in TestAuditChain.Files(fixture.AuditDirectory))
        {
            var (code, report) = await Security.AuditRecords.VerifyAsync(file);
            Assert.True(code == 0, report);
        }

        var scrape = Metrics.Scrape.Parse(await fixture.Server.ScrapeAsync());
        Assert.True(scrape.Sum("appliance_requests_total", ("method", "openai.chat.completions"), ("client", "app"), ("priority", "batch"), ("grpc_code", "OK")) >= 2);
        Assert.True(scrape.Sum("appliance_requests_total", ("method", "openai.embeddings"), ("grpc_code", "OK")) >= 2);
    }

    [Fact]
    public async Task ModelRoutingHeader_SameAsTheBodysModel_Served_AnotherModel_400NamingTheHeader()
    {
        using var http = fixture.Http(fixture.App.Key);
        var chat = $$"""{"model":"{{ModelId}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""";
        http.Client.DefaultRequestHeaders.Add(Contracts.Balancing.ModelRouting.Header, ModelId);
        var routed = await http.PostAsync("chat/completions", chat);
        http.Client.DefaultRequestHeaders.Remove(Contracts.Balancing.ModelRouting.Header);
        http.Client.DefaultRequestHeaders.Add(Contracts.Balancing.ModelRouting.Header, MiniLm);
        var misrouted = await http.PostAsync("chat/completions", chat);

        Assert.Equal(200, routed.Status);
        Assert.Equal(400, misrouted.Status);
        Assert.Equal("x-appliance-model", misrouted.Param);
        Assert.Contains("the request's model", misrouted.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> ReadContentEventAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().Within() is { } line)
        {
            if (line.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException("the stream ended before any content");
    }
}
