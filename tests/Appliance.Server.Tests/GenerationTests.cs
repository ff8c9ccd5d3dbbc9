using Appliance.Contracts.V1;
using LLama;
using LLama.Common;

namespace Appliance.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class GenerationTests(ServerFixture server)
{
    private readonly Generation.GenerationClient _client = new(server.Channel);

    [Fact]
    public async Task Generate_Streaming_YieldsSeveralPiecesThenOneFinal()
    {
        var (pieces, final) = await _client.StreamAsync(GrpcTestExtensions.Greedy("The patient reports chest pain", maxTokens: 12));

        Assert.True(pieces.Count >= 2, $"expected several pieces, got {pieces.Count}");
        Assert.Equal(FinishReason.Length, final.FinishReason);
        Assert.Equal(12, final.Usage.CompletionTokens);
        // A last token that ends inside a UTF-8 character has no text yet, so no piece.
        Assert.InRange(pieces.Sum(p => p.TokenCount), 9, 12);
        Assert.Equal(ServerFixture.ModelId, final.ModelId);
        Assert.StartsWith("req_", final.RequestId, StringComparison.Ordinal);
        Assert.True(final.Timings.TotalSeconds >= final.Timings.TimeToFirstTokenSeconds);
        Assert.True(final.Timings.TimeToFirstTokenSeconds >= final.Timings.QueueSeconds);
    }

    [Fact]
    public async Task Generate_GreedyWithFixedSeed_IsReproducible()
    {
        var request = GrpcTestExtensions.Greedy("患者主诉头痛三天，伴发热。", maxTokens: 16, seed: 42);

        var first = await _client.StreamAsync(request);
        var second = await _client.StreamAsync(request);

        Assert.Equal(first.Pieces.Text(), second.Pieces.Text());
        Assert.NotEmpty(first.Pieces.Text());
    }

    [Fact]
    public async Task Generate_SampledWithFixedSeed_IsReproducibleAndSeedMatters()
    {
        GenerateRequest Sampled(uint seed) => new()
        {
            ModelId = ServerFixture.ModelId,
            Prompt = "Discharge summary:",
            Sampling = new SamplingParams { Temperature = 1.5f, TopK = 0, TopP = 1, MinP = 0, Seed = seed, MaxTokens = 24 },
        };

        var a = await _client.StreamAsync(Sampled(1));
        var b = await _client.StreamAsync(Sampled(1));
        var c = await _client.StreamAsync(Sampled(2));

        Assert.Equal(a.Pieces.Text(), b.Pieces.Text());
        Assert.NotEqual(a.Pieces.Text(), c.Pieces.Text());
    }

    [Fact]
    public async Task Generate_StopString_EndsWithStopBeforeTheString()
    {
        var free = await _client.StreamAsync(GrpcTestExtensions.Greedy("history of", maxTokens: 40));
        var text = free.Pieces.Text();
        Assert.True(text.Length >= 8, "the free run must produce some text to cut");
        var stop = text.Substring(text.Length / 2, 3);
        var expected = text[..text.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await _client.StreamAsync(GrpcTestExtensions.Greedy("history of", maxTokens: 40, stop: stop));

        Assert.Equal(FinishReason.Stop, stopped.Final.FinishReason);
        Assert.Equal(expected, stopped.Pieces.Text());
    }

    [Fact]
    public async Task Generate_Usage_MatchesTheModelTokenizer()
    {
        const string Prompt = "Fever 39.2 C, blood pressure 90/60. 血压偏低。";
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(server.ModelPath) { VocabOnly = true });
        var expected = weights.Tokenize(Prompt, true, true, System.Text.Encoding.UTF8).Length;

        var (_, final) = await _client.StreamAsync(GrpcTestExtensions.Greedy(Prompt, maxTokens: 5));

        Assert.Equal(expected, final.Usage.PromptTokens);
        Assert.Equal(5, final.Usage.CompletionTokens);
    }

    [Fact]
    public async Task Complete_Unary_ReturnsTheSameTextAsTheStream()
    {
        var request = GrpcTestExtensions.Greedy("Normalise: pt c/o SOB", maxTokens: 10, seed: 3);

        var streamed = await _client.StreamAsync(request);
        var unary = await _client.CompleteAsync(request, deadline: DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit));

        Assert.Equal(streamed.Pieces.Text(), unary.Text);
        Assert.Equal(FinishReason.Length, unary.Final.FinishReason);
        Assert.Equal(10, unary.Final.Usage.CompletionTokens);
    }

    [Fact]
    public async Task Generate_ChatMessages_UseTheGgufChatTemplate()
    {
        var request = new GenerateRequest
        {
            ModelId = ServerFixture.ModelId,
            Messages = new ChatMessages(),
            Sampling = new SamplingParams { Temperature = 0, MaxTokens = 4 },
            ClientRequestId = "his-4711",
        };
        request.Messages.Items.Add(new ChatMessage { Role = "system", Content = "You are a clinical assistant." });
        request.Messages.Items.Add(new ChatMessage { Role = "user", Content = "Summarise: fever, cough." });
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(server.ModelPath) { VocabOnly = true });
        var rendered = "<|im_start|>system\nYou are a clinical assistant.<|im_end|>\n<|im_start|>user\nSummarise: fever, cough.<|im_end|>\n<|im_start|>assistant\n";
        var expected = weights.Tokenize(rendered, true, true, System.Text.Encoding.UTF8).Length;

        var (_, final) = await _client.StreamAsync(request);

        Assert.Equal(expected, final.Usage.PromptTokens);
        Assert.Equal("his-4711", final.ClientRequestId);
    }

    [Fact]
    public async Task Generate_ConcurrentStreams_AllCompleteIndependently()
    {
        var prompts = new[] { "chest pain", "头痛", "blood pressure", "discharge", "fever", "咳嗽" };

        var results = await Task.WhenAll(prompts.Select(p => _client.StreamAsync(GrpcTestExtensions.Greedy(p, 8))));

        Assert.All(results, r => Assert.Equal(8, r.Final.Usage.CompletionTokens));
        Assert.All(results, r => Assert.Equal(FinishReason.Length, r.Final.FinishReason));
        Assert.Equal(prompts.Length, results.Select(r => r.Final.RequestId).Distinct().Count());
        await server.WaitForIdleAsync();
    }

    [Fact]
    public async Task Generate_SixteenConcurrentStreams_AllFinishWithCorrectUsage()
    {
        const string Prompt = "Summarise the discharge: fever, cough, 3 days";
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(server.ModelPath) { VocabOnly = true });
        var promptTokens = weights.Tokenize(Prompt, true, true, System.Text.Encoding.UTF8).Length;

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => _client.StreamAsync(GrpcTestExtensions.Greedy(Prompt, 6 + (i % 4)))));

        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(FinishReason.Length, results[i].Final.FinishReason);
            Assert.Equal(promptTokens, results[i].Final.Usage.PromptTokens);
            Assert.Equal(6 + (i % 4), results[i].Final.Usage.CompletionTokens);
        }

        await server.WaitForIdleAsync();
    }

    [Fact]
    public async Task Generate_GreedyAloneAndInsideAFullBatch_SameText()
    {
        var probe = GrpcTestExtensions.Greedy("患者 chest pain history", maxTokens: 12, seed: 9);
        var alone = await _client.StreamAsync(probe);

        var fillers = Enumerable.Range(0, 3).Select(i => _client.StreamAsync(GrpcTestExtensions.Greedy($"filler {i} blood pressure report", maxTokens: 40))).ToList();
        var together = await _client.StreamAsync(probe);
        await Task.WhenAll(fillers);

        Assert.Equal(alone.Pieces.Text(), together.Pieces.Text());
    }

    [Fact]
    public async Task Generate_SharedSystemPrompt_LaterRequestsReuseItsKv()
    {
        const string SystemPrompt = "You are the discharge-summary assistant of the cardiology ward. Write formal, concise text. 请使用规范医学术语。";
        GenerateRequest Chat(string user)
        {
            var request = new GenerateRequest { ModelId = ServerFixture.ModelId, Messages = new ChatMessages(), Sampling = new SamplingParams { Temperature = 0, MaxTokens = 3 } };
            request.Messages.Items.Add(new ChatMessage { Role = "system", Content = SystemPrompt });
            request.Messages.Items.Add(new ChatMessage { Role = "user", Content = user });
            return request;
        }

        using var weights = LLamaWeights.LoadFromFile(new ModelParams(server.ModelPath) { VocabOnly = true });
        var systemTokens = weights.Tokenize($"<|im_start|>system\n{SystemPrompt}<|im_end|>\n", true, true, System.Text.Encoding.UTF8).Length;

        await _client.StreamAsync(Chat("Patient 1: fever."));
        var (_, second) = await _client.StreamAsync(Chat("Patient 2: chest pain."));

        Assert.True(second.Usage.CachedPromptTokens >= systemTokens, $"cached {second.Usage.CachedPromptTokens} of {second.Usage.PromptTokens}; system prompt is {systemTokens}");
        Assert.True(second.Usage.CachedPromptTokens < second.Usage.PromptTokens);
    }
}
