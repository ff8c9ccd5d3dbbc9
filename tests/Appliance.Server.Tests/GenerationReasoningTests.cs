using Appliance.Contracts.V1;

namespace Appliance.Server.Tests;

/// <summary>
/// A reasoning model on the real LLamaSharp engine: the synthetic GGUF served under a manifest that
/// declares <c>&lt;think&gt;</c> markers. Random weights never write the end marker, so a prompt that
/// opens the reasoning and a small budget make the server feed the end marker itself (a short
/// prefill in the middle of decoding) and the model go on with its answer.
/// </summary>
public sealed class GenerationReasoningTests : IAsyncLifetime
{
    private const string ThinkerId = "tiny-think";
    private readonly ApplianceServerFixture _server = new() { Models = [new StagedModel(ApplianceServerFixture.ModelId) { ReasoningAliases = [ThinkerId] }] };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private static GenerateRequest Request(Reasoning reasoning) => new()
    {
        ModelId = ThinkerId,
        Prompt = "Triage the referral.<think>\n",
        Sampling = new SamplingParams { Temperature = 0, Seed = 1, MaxTokens = 4, RepeatPenalty = 1 },
        Reasoning = reasoning,
        ReasoningMaxTokens = 3,
    };

    [Fact]
    public async Task Generate_BudgetReachedOnTheRealEngine_FeedsTheEndMarkerAndAnswersApart()
    {
        var client = new Generation.GenerationClient(_server.Channel);

        var (separatePieces, separate) = await client.StreamAsync(Request(Reasoning.Separate));
        var (hiddenPieces, hidden) = await client.StreamAsync(Request(Reasoning.Hidden));

        Assert.Equal(FinishReason.Length, separate.FinishReason);
        Assert.True(separate.Usage.ReasoningTokens > 3, $"3 reasoning tokens and the fed end marker: {separate.Usage}");
        Assert.Equal(separate.Usage.ReasoningTokens + 4, separate.Usage.CompletionTokens); // max_tokens counts the answer only
        Assert.All(separatePieces, p => Assert.True(p.Text.Length == 0 || p.Reasoning.Length == 0, "a piece mixes reasoning and answer"));
        var firstAnswer = separatePieces.FindIndex(p => p.Text.Length > 0);
        Assert.True(firstAnswer < 0 || separatePieces.FindLastIndex(p => p.Reasoning.Length > 0) < firstAnswer, "reasoning after the answer began");
        Assert.All(hiddenPieces, p => Assert.Empty(p.Reasoning));
        Assert.Equal(separatePieces.Text(), hiddenPieces.Text()); // greedy: the same answer either way
        Assert.Equal((separate.Usage.CompletionTokens, separate.Usage.ReasoningTokens), (hidden.Usage.CompletionTokens, hidden.Usage.ReasoningTokens));
        Assert.DoesNotContain("</think>", hiddenPieces.Text(), StringComparison.Ordinal);
        Assert.Equal(2, _server.Logs.Count(l => l.Contains("reached its reasoning budget of 3 tokens", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Complete_Separate_ReturnsTheAnswerAndTheReasoningInTheirOwnFields()
    {
        var client = new Generation.GenerationClient(_server.Channel);

        var (pieces, _) = await client.StreamAsync(Request(Reasoning.Separate));
        var reply = await client.CompleteAsync(Request(Reasoning.Separate), deadline: DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit));
        var hidden = await client.CompleteAsync(Request(Reasoning.Unspecified), deadline: DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit));

        Assert.Equal(pieces.Text(), reply.Text);
        Assert.Equal(string.Concat(pieces.Select(p => p.Reasoning)), reply.Reasoning);
        Assert.Equal(reply.Text, hidden.Text);
        Assert.Empty(hidden.Reasoning);
    }

    private static readonly string[] Triage = ["urgent", "routine"];

    /// <summary>
    /// The response format constrains the answer only: the reasoning (3 random-weight tokens, then the
    /// fed end marker) is free text, the answer after it exactly one of the choices.
    /// </summary>
    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(3u)]
    public async Task ResponseFormat_AfterTheReasoning_ConstrainsTheAnswerOnly(uint seed)
    {
        var client = new Generation.GenerationClient(_server.Channel);
        var request = Request(Reasoning.Separate);
        request.Sampling = new SamplingParams { Temperature = 1.2f, TopK = 0, TopP = 1, MinP = 0, Seed = seed, MaxTokens = 16, RepeatPenalty = 1 };
        request.ResponseFormat = new ResponseFormat { Choice = new ChoiceFormat { Choices = { Triage } } };

        var (pieces, final) = await client.StreamAsync(request);

        var reasoning = string.Concat(pieces.Select(p => p.Reasoning));
        Assert.True(final.FinishReason == FinishReason.Stop, $"{final} / {string.Join(" | ", pieces.Select(p => $"[{p.Reasoning}][{p.Text}]"))}");
        Assert.Equal(Structured.Valid, final.Structured);
        Assert.Contains(pieces.Text(), Triage);
        Assert.True(final.Usage.ReasoningTokens > 3, $"3 reasoning tokens and the fed end marker: {final.Usage}");

        // Had the grammar constrained the reasoning too, it would be the start of a choice.
        Assert.NotEmpty(reasoning);
        Assert.DoesNotContain(Triage, c => c.StartsWith(reasoning, StringComparison.Ordinal));
    }

    /// <summary>
    /// A prompt that does not open the reasoning: the model may start with the start marker (then it
    /// reasons freely and answers after the end marker) or answer at once; either way the answer is
    /// one of the choices.
    /// </summary>
    [Fact]
    public async Task ResponseFormat_PromptNotOpeningTheReasoning_AnswerIsAChoiceEitherWay()
    {
        var client = new Generation.GenerationClient(_server.Channel);
        for (uint seed = 1; seed <= 6; seed++)
        {
            var request = Request(Reasoning.Separate);
            request.Prompt = "Triage the referral:";
            request.Sampling = new SamplingParams { Temperature = 1.5f, TopK = 0, TopP = 1, MinP = 0, Seed = seed, MaxTokens = 16, RepeatPenalty = 1 };
            request.ResponseFormat = new ResponseFormat { Choice = new ChoiceFormat { Choices = { Triage } } };

            var (pieces, final) = await client.StreamAsync(request);

            Assert.Equal(FinishReason.Stop, final.FinishReason);
            Assert.Equal(Structured.Valid, final.Structured);
            Assert.Contains(pieces.Text(), Triage);
        }
    }
}
