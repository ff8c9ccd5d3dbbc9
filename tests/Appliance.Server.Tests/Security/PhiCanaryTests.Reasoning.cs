using Appliance.Contracts.V1;
using Appliance.Core.Engines;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// A reasoning model thinks about the patient: its <c>&lt;think&gt;</c> text carries the marker.
/// The reasoning reaches the caller only as reasoning (SEPARATE), never the answer's text, and no
/// log, audit record, metric or status; the metrics count its tokens.
/// </summary>
public sealed partial class PhiCanaryTests
{
    private const string ThinkerModelId = "thinker";

    [Fact]
    public async Task Marker_InReasoning_ReachesOnlyTheReasoningFieldAndNoLogAuditMetricOrStatus()
    {
        var generation = new Generation.GenerationClient(_server.Channel);

        var separate = Request(ThinkerModelId, 20);
        separate.Reasoning = Reasoning.Separate;
        var pieces = new List<TextPiece>();
        await foreach (var message in generation.Generate(separate, Key(_key), deadline: Deadline()).ResponseStream.ReadAllAsync())
        {
            if (message.Piece is { } piece)
            {
                pieces.Add(piece);
            }

            Collect(message.Final?.ToString());
        }

        var hidden = await generation.CompleteAsync(Request(ThinkerModelId, 20), Key(_key), deadline: Deadline());
        Collect(hidden.Final.ToString());
        var unary = await generation.CompleteAsync(separate, Key(_key), deadline: Deadline());
        Collect(unary.Final.ToString());
        var badBudget = Request(ThinkerModelId, 20);
        badBudget.ReasoningMaxTokens = 0;
        await ExpectAsync(StatusCode.InvalidArgument, () => generation.CompleteAsync(badBudget, Key(_key), deadline: Deadline()).ResponseAsync);
        var unknownMode = Request(ThinkerModelId, 20);
        unknownMode.Reasoning = (Reasoning)7; // a value from a newer contract
        await ExpectAsync(StatusCode.InvalidArgument, () => generation.CompleteAsync(unknownMode, Key(_key), deadline: Deadline()).ResponseAsync);
        Assert.Contains(_statuses, s => s.StartsWith("reasoning_max_tokens: must be at least 1", StringComparison.Ordinal));
        Assert.Contains(_statuses, s => s == "reasoning: must be one of REASONING_UNSPECIFIED, REASONING_HIDDEN, REASONING_SEPARATE (got 7)");

        Assert.Contains(Core, string.Concat(pieces.Select(p => p.Reasoning)), StringComparison.Ordinal); // it did flow, as reasoning
        Assert.Equal("routine", string.Concat(pieces.Select(p => p.Text)));
        Assert.All(pieces, p => Assert.True(p.Text.Length == 0 || p.Reasoning.Length == 0, "a piece mixes reasoning and answer"));
        Assert.Equal("routine", hidden.Text);
        Assert.Equal(string.Empty, hidden.Reasoning);
        Assert.Equal("routine", unary.Text);
        Assert.Contains(Core, unary.Reasoning, StringComparison.Ordinal);
        Assert.Equal(6, hidden.Final.Usage.ReasoningTokens);
        Assert.Equal(8, hidden.Final.Usage.CompletionTokens);

        await Bounded.UntilAsync(
            async _ => (await AuditRecords.ReadAsync(AuditDirectory)).Count(r => r.Event == "end") >= 4,
            "the end records of the 4 calls");
        await AssertMarkerNowhereAsync();
        var metrics = await _server.Server.ScrapeAsync();
        Assert.Contains("appliance_reasoning_tokens_total{model=\"thinker\"} 18", metrics, StringComparison.Ordinal);
    }

    /// <summary>
    /// A reasoning model on rails: "&lt;think&gt;" + the marker + "&lt;/think&gt;" + "routine", each marker
    /// split across tokens, then end of generation: 6 reasoning tokens, 1 answer token, 1 end token.
    /// </summary>
    private sealed class ThinkingEngine(string marker) : ITextGenerationEngine
    {
        private readonly int[] _samples = new int[2];
        private readonly bool[] _inUse = new bool[2];

        public EngineLimits Limits { get; } = new(512, 2, 64);

        public string Backend => "test (reasons about its input)";

        public IReadOnlyList<int> Tokenize(string text) => [1, 2, 3];

        public Core.Generation.RenderedChat RenderChat(IReadOnlyList<Core.Generation.ChatMessage> messages) => new([new("x", false)]);

        public IReadOnlyList<int> TokenizeChat(Core.Generation.RenderedChat chat) => [1, 2];

        public SequenceStartResult Start(SequenceStart start)
        {
            var slot = Array.IndexOf(_inUse, false);
            _inUse[slot] = true;
            _samples[slot] = 0;
            return new(new SequenceSlot(slot), 0);
        }

        public IReadOnlyList<SampledToken> Step(StepPlan plan) =>
            [.. plan.Items.Where(i => i.Sample).Select(i => Sample(i.Slot))];

        public void Release(SequenceSlot slot) => _inUse[slot.Id] = false;

        public void Dispose()
        {
        }

        private SampledToken Sample(SequenceSlot slot)
        {
            var n = ++_samples[slot.Id];
            var half = marker.Length / 2;
            var text = n switch { 1 => "<th", 2 => "ink>\n", 3 => marker[..half], 4 => marker[half..], 5 => "</thi", 6 => "nk>\n", 7 => "routine", _ => string.Empty };
            return new SampledToken(slot, 100 + n, text, IsEndOfGeneration: n >= 8);
        }
    }
}
