using Appliance.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;
using static Appliance.Server.Tests.GrpcTestExtensions;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>Generation/CountTokens over the real server and engine: the count is the prompt usage of the same request.</summary>
[Collection(ServerCollection.Name)]
public sealed class CountTokensTests(ServerFixture server)
{
    private readonly Generation.GenerationClient _client = new(server.Channel);

    private static DateTime Deadline() => DateTime.UtcNow.Add(CallLimit);

    private static CountTokensRequest CountOf(GenerateRequest request) => CountTokensRequest.Parser.ParseFrom(request.ToByteString());

    [Theory]
    [InlineData("Patient admitted with chest pain radiating to the left arm.")]
    [InlineData("x")]
    [InlineData("<s>raw prompt with a special token</s> and 阿司匹林 100mg")]
    public async Task CountTokens_Prompt_EqualsPromptUsageOfTheSameRequest(string prompt)
    {
        var request = Greedy(prompt, maxTokens: 2);

        var count = await _client.CountTokensAsync(new CountTokensRequest { ModelId = ServerFixture.ModelId, Prompt = prompt }, deadline: Deadline());
        var fromBytes = await _client.CountTokensAsync(CountOf(request), deadline: Deadline()); // a GenerateRequest's bytes are a CountTokensRequest
        var completed = await _client.CompleteAsync(request, deadline: Deadline());

        Assert.Equal(completed.Final.Usage.PromptTokens, count.PromptTokens);
        Assert.Equal(count.PromptTokens, fromBytes.PromptTokens);
        Assert.True(count.Fits);
        Assert.Equal(ServerFixture.ContextLength, count.ContextLength);
        Assert.Equal(ServerFixture.ContextLength - count.PromptTokens, count.MaxOutputTokens);
        Assert.Equal(ServerFixture.ModelId, count.ModelId);
    }

    [Fact]
    public async Task CountTokens_Messages_EqualsPromptUsageOfTheSameRequest()
    {
        var request = Greedy("", maxTokens: 2);
        request.Messages = new ChatMessages
        {
            Items =
            {
                new ChatMessage { Role = "system", Content = "You write discharge summaries." },
                new ChatMessage { Role = "user", Content = "Summarise: admitted with pneumonia, treated with amoxicillin." },
            },
        };
        var rawPrompt = new CountTokensRequest { ModelId = ServerFixture.ModelId, Prompt = "You write discharge summaries." };

        var count = await _client.CountTokensAsync(CountOf(request), deadline: Deadline());
        var (_, streamed) = await _client.StreamAsync(request);
        var completed = await _client.CompleteAsync(request, deadline: Deadline());
        var raw = await _client.CountTokensAsync(rawPrompt, deadline: Deadline());

        Assert.Equal(streamed.Usage.PromptTokens, count.PromptTokens);
        Assert.Equal(completed.Final.Usage.PromptTokens, count.PromptTokens);
        Assert.True(count.PromptTokens > raw.PromptTokens + 8, $"the chat template's markers are counted: {count.PromptTokens} vs {raw.PromptTokens} for the system text alone");
    }

    [Fact]
    public async Task CountTokens_PromptLongerThanTheContext_DoesNotFitAndCompleteRefusesIt()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("pneumonia", ServerFixture.ContextLength));

        var count = await _client.CountTokensAsync(new CountTokensRequest { ModelId = ServerFixture.ModelId, Prompt = prompt }, deadline: Deadline());
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CompleteAsync(Greedy(prompt, 1), deadline: Deadline()).ResponseAsync);

        Assert.False(count.Fits);
        Assert.Equal(0, count.MaxOutputTokens);
        Assert.True(count.PromptTokens >= ServerFixture.ContextLength, $"{count.PromptTokens} tokens");
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"prompt: is {count.PromptTokens} tokens", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountTokens_InvalidMessage_InvalidArgumentNamingTheField()
    {
        var request = new CountTokensRequest
        {
            ModelId = ServerFixture.ModelId,
            Messages = new ChatMessages { Items = { new ChatMessage { Role = "doctor", Content = "hello" } } },
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CountTokensAsync(request, deadline: Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("messages.items[0].role: must be system, user or assistant", error.Status.Detail);
    }

    [Theory]
    [InlineData("no-such-model", StatusCode.NotFound)]
    [InlineData(ServerFixture.BadShaModelId, StatusCode.Unavailable)]
    [InlineData("", StatusCode.InvalidArgument)]
    public async Task CountTokens_ModelNotServing_RefusedLikeGenerate(string modelId, StatusCode expected)
    {
        var request = new CountTokensRequest { ModelId = modelId, Prompt = "hello" };

        var count = await Assert.ThrowsAsync<RpcException>(() => _client.CountTokensAsync(request, deadline: Deadline()).ResponseAsync);
        var generate = await Assert.ThrowsAsync<RpcException>(() => _client.CompleteAsync(new GenerateRequest { ModelId = modelId, Prompt = "hello" }, deadline: Deadline()).ResponseAsync);

        Assert.Equal(expected, count.StatusCode);
        Assert.Equal(generate.StatusCode, count.StatusCode);
        Assert.Equal(generate.Status.Detail, count.Status.Detail);
    }
}
