using System.Text.Json;
using Appliance.Contracts.V1;
using OpenAI.Chat;
using ChatMessage = OpenAI.Chat.ChatMessage;
using static Appliance.Server.Tests.OpenAiApi.OpenAiServerFixture;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>The official OpenAI .NET SDK (2.15.0) against the real server's door on loopback.</summary>
[Collection(OpenAiServerCollection.Name)]
public sealed class OpenAiSdkTests(OpenAiServerFixture fixture)
{
    private static readonly ChatMessage[] Conversation = [new SystemChatMessage("You write discharge summaries."), new UserChatMessage("Summarise: stable, afebrile.")];

    [Fact]
    public async Task Chat_NonStreaming_ReturnsTextUsageAndFinishReason()
    {
        var chat = fixture.Sdk(fixture.App.Key).GetChatClient(ModelId);

        var completion = (await chat.CompleteChatAsync(Conversation, new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 })).Value;

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.False(string.IsNullOrEmpty(completion.Content[0].Text));
        Assert.Equal(8, completion.Usage.OutputTokenCount);
        Assert.True(completion.Usage.InputTokenCount > 10, $"{completion.Usage.InputTokenCount} prompt tokens: the chat template was applied");
        Assert.StartsWith("req_", completion.Id, StringComparison.Ordinal);
        Assert.Equal(ModelId, completion.Model);
    }

    [Fact]
    public async Task Chat_Streaming_SendsChunksThenUsage()
    {
        var chat = fixture.Sdk(fixture.App.Key).GetChatClient(ModelId);
        var contentUpdates = 0;
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        var usageBeforeFinish = false;

        await foreach (var update in chat.CompleteChatStreamingAsync(Conversation, new ChatCompletionOptions { MaxOutputTokenCount = 16, Temperature = 0 }))
        {
            contentUpdates += update.ContentUpdate.Count(p => p.Text.Length > 0);
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            usageBeforeFinish |= update.Usage is not null && finish is null;
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(contentUpdates > 1, $"{contentUpdates} content chunks: tokens are streamed, not sent as one");
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.False(usageBeforeFinish);
        Assert.NotNull(usage); // the SDK asks for stream_options.include_usage
        Assert.Equal(16, usage.OutputTokenCount);

        var whole = (await chat.CompleteChatAsync(Conversation, new ChatCompletionOptions { MaxOutputTokenCount = 16, Temperature = 0 })).Value;
        Assert.Equal(whole.Content[0].Text, text.ToString()); // greedy: the same text either way
    }

    [Fact]
    public async Task Embeddings_EqualTheGrpcEmbedVectors()
    {
        const string text = "myocardial infarction";
        var client = fixture.Sdk(fixture.App.Key).GetEmbeddingClient(MiniLm);

        var viaHttp = (await client.GenerateEmbeddingAsync(text)).Value.ToFloats().ToArray(); // the SDK asks for base64
        var viaGrpc = await new Embeddings.EmbeddingsClient(fixture.Channel).EmbedAsync(new EmbedRequest { ModelId = MiniLm, Texts = { text } }, fixture.App.Header);

        Assert.Equal(384, viaHttp.Length);
        var grpc = viaGrpc.Embeddings[0].Values;
        Assert.All(Enumerable.Range(0, viaHttp.Length), i => Assert.InRange(viaHttp[i] - grpc[i], -1e-5f, 1e-5f));

        using var http = fixture.Http(fixture.App.Key);
        var floats = await http.PostAsync("embeddings", $$"""{"model":"{{MiniLm}}","input":["{{text}}","heart attack"],"encoding_format":"float"}""");
        Assert.Equal(200, floats.Status);
        var data = floats.Json.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        var first = data[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.All(Enumerable.Range(0, first.Length), i => Assert.InRange(first[i] - grpc[i], -1e-5f, 1e-5f));
        Assert.True(floats.Json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Models_ListOnlyWhatTheCallerMayUse()
    {
        var all = (await fixture.Sdk(fixture.App.Key).GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).ToList();
        var narrow = (await fixture.Sdk(fixture.Narrow.Key).GetOpenAIModelClient().GetModelsAsync()).Value.Select(m => m.Id).ToList();
        var one = (await fixture.Sdk(fixture.App.Key).GetOpenAIModelClient().GetModelAsync(ModelId)).Value;

        Assert.Contains(ModelId, all);
        Assert.Contains(MiniLm, all);
        Assert.Equal([MiniLm], narrow);
        Assert.Equal(ModelId, one.Id);
    }

    [Fact]
    public async Task Chat_JsonSchema_ReturnsSchemaValidJson()
    {
        const string schema = """{"type":"object","properties":{"triage":{"enum":["urgent","routine"]},"dose_mg":{"type":"integer"}},"required":["triage","dose_mg"],"additionalProperties":false}""";
        var chat = fixture.Sdk(fixture.App.Key).GetChatClient(ModelId);
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = 64,
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("triage", BinaryData.FromString(schema), jsonSchemaIsStrict: true),
        };

        var completion = (await chat.CompleteChatAsync([new UserChatMessage("Triage this patient.")], options)).Value;

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        using var answer = JsonDocument.Parse(completion.Content[0].Text);
        Assert.Contains(answer.RootElement.GetProperty("triage").GetString(), new[] { "urgent", "routine" });
        Assert.Equal(JsonValueKind.Number, answer.RootElement.GetProperty("dose_mg").ValueKind);
        Assert.Equal(2, answer.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task Completions_RawPrompt_WholeAndStreamed()
    {
        using var http = fixture.Http(fixture.App.Key);

        var whole = await http.PostAsync("completions", $$$"""{"model":"{{{ModelId}}}","prompt":"Patient stable","max_tokens":5,"temperature":0,"unknown_field":{"a":1}}""");
        var streamed = await http.PostAsync("completions", $$$"""{"model":"{{{ModelId}}}","prompt":["Patient stable"],"max_tokens":5,"temperature":0,"stream":true,"stream_options":{"include_usage":true}}""");

        Assert.Equal(200, whole.Status);
        Assert.Equal("text_completion", whole.Json.GetProperty("object").GetString());
        var choice = whole.Json.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(5, whole.Json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(200, streamed.Status);
        var events = streamed.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.Equal(choice.GetProperty("text").GetString(), string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString())));
        Assert.Equal(5, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
