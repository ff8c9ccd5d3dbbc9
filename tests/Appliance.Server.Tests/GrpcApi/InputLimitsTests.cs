using Appliance.Contracts.V1;
using Appliance.Server.Tests.Inference;
using Appliance.Server.Tests.Metrics;
using Grpc.Core;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// Work just under the 4 MiB message limit is refused from its size before any tokenising
/// (issue 13, item 4): a 3.9 MiB prompt, thousands of chat messages, 256 texts of 15 KB to embed.
/// Each is INVALID_ARGUMENT naming the field and the limit, counted as rejected reason="invalid".
/// (That the tokenizer does not run is asserted on a counting engine: Scheduling's InputBoundsTests.)
/// </summary>
[Collection(InferenceServerCollection.Name)]
public sealed class InputLimitsTests(InferenceServerFixture server)
{
    private const string TextModel = InferenceServerFixture.TextModel; // context 256: 256 × 32 bytes hold the longest prompt

    [Fact]
    public async Task Complete_PromptJustUnderTheMessageLimit_RefusedNamingTheByteLimit()
    {
        var prompt = new string('a', 3900 * 1024);

        var error = await RefusedAsync(client => client.CompleteAsync(new GenerateRequest { ModelId = TextModel, Prompt = prompt }).ResponseAsync);

        Assert.Equal($"prompt: is {3900 * 1024} bytes; the model's context of 256 tokens holds at most 8192 bytes of prompt", error);
    }

    [Fact]
    public async Task Generate_ThousandsOfTinyMessages_RefusedNamingTheMessageLimit()
    {
        var request = new GenerateRequest { ModelId = TextModel, Messages = new ChatMessages() };
        request.Messages.Items.AddRange(Enumerable.Range(0, 30_000).Select(_ => new ChatMessage { Role = "user", Content = "hi" }));

        var error = await RefusedAsync(async client =>
        {
            using var call = client.Generate(request);
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal("messages.items: at most 1024 messages per call (got 30000)", error);
    }

    [Fact]
    public async Task Embed_ManyLongTexts_RefusedNamingTheCallsByteLimit()
    {
        var request = new EmbedRequest { ModelId = InferenceServerFixture.MiniLm, Truncate = true };
        request.Texts.AddRange(Enumerable.Range(0, 256).Select(i => new string((char)('a' + (i % 26)), 15_000)));
        var before = await RejectedInvalidAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => new Embeddings.EmbeddingsClient(server.Server.Channel).EmbedAsync(request).ResponseAsync);

        Assert.Equal("texts", RichErrors.AssertFieldViolation(error).Field);
        Assert.Equal("texts: are more than 1048576 bytes together; at most 1048576 bytes per call: split the call", error.Status.Detail);
        Assert.Equal(before + 1, await RejectedInvalidAsync());
    }

    private async Task<string> RefusedAsync(Func<Generation.GenerationClient, Task> call)
    {
        var before = await RejectedInvalidAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call(new Generation.GenerationClient(server.Server.Channel)));

        RichErrors.AssertFieldViolation(error); // its field is the path the message starts with
        Assert.Equal(before + 1, await RejectedInvalidAsync());
        return error.Status.Detail;
    }

    private async Task<double> RejectedInvalidAsync() =>
        Scrape.Parse(await server.Server.ScrapeAsync()).Sum("appliance_requests_rejected_total", ("reason", "invalid"));
}
