namespace Appliance.Scheduling.Tests;

/// <summary>Response formats through the scheduler and worker, on the fake engine: grammar hand-over, resume, verdicts.</summary>
public sealed class StructuredGenerationTests
{
    private static GenerationRequest Constrained(ResponseFormat format, int maxTokens = 12) =>
        Harness.Request("batch job", maxTokens) with { ResponseFormat = format };

    private static ResponseFormat Choice(params string[] choices) => new() { Mode = ResponseFormatMode.Choice, Choices = choices };

    [Fact]
    public async Task Preempted_ConstrainedSequence_ResumesWithItsGrammarAndItsOutputToReplay()
    {
        await using var h = new Harness(new FakeEngine(maxSequences: 1) { EndAfter = 6 }, start: false, grammars: new ChoiceOnlyGrammars());
        GenerationStream? urgent = null;
        h.Engine.TextFor = n =>
        {
            if (n == 4 && urgent is null)
            {
                urgent = h.Scheduler.Submit(Harness.Request("urgent", maxTokens: 2) with { Priority = Priority.Urgent, ClientId = "icu" }, CancellationToken.None);
            }

            return $"w{n} ";
        };
        var batch = h.Scheduler.Submit(Constrained(Choice("w1 w2 w3 w4 w5 ", "other")) with { Priority = Priority.Batch }, CancellationToken.None);

        h.Worker.Start();
        var events = await Harness.ReadAllAsync(batch);
        await Harness.ReadAllAsync(urgent!);

        var starts = h.Engine.Started.ToArray();
        Assert.Equal(3, starts.Length); // batch, urgent, batch resumed
        Assert.Equal(0, starts[0].GeneratedTokens);
        Assert.Null(starts[1].Grammar);
        Assert.Same(starts[0].Grammar, starts[2].Grammar);
        Assert.NotNull(starts[0].Grammar);
        var replayed = starts[2].PromptTokens.Count(t => t >= 1000);
        Assert.True(replayed >= 4, $"the resumed start carries the output so far ({replayed} tokens)");
        Assert.Equal(replayed, starts[2].GeneratedTokens);
        Assert.Equal("w1 w2 w3 w4 w5 ", Harness.Text(events));
        Assert.Equal((FinishReason.Stop, StructuredResult.Valid), (Harness.Final(events).Reason, Harness.Final(events).Structured));
    }

    [Theory]
    [InlineData(3, 0, FinishReason.Length, StructuredResult.Incomplete)]
    [InlineData(12, 4, FinishReason.Stop, StructuredResult.Invalid)]
    [InlineData(12, 3, FinishReason.Stop, StructuredResult.Valid)]
    public async Task Finished_VerdictFollowsHowItEnded(int maxTokens, int endAfter, FinishReason reason, StructuredResult structured)
    {
        await using var h = new Harness(new FakeEngine { EndAfter = endAfter }, grammars: new ChoiceOnlyGrammars());

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Constrained(Choice("w1 w2 "), maxTokens), CancellationToken.None));

        Assert.Equal((reason, structured), (Harness.Final(events).Reason, Harness.Final(events).Structured));
    }

    [Fact]
    public async Task Invalid_Answer_WarnedWithIdsOnlyNeverTheAnswer()
    {
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var provider = new CapturingLoggerProvider(logs);
        await using var h = new Harness(new FakeEngine { EndAfter = 3, TextFor = n => $"PHI{n} " }, grammars: new ChoiceOnlyGrammars(), logger: provider.CreateLogger("worker"));

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Constrained(Choice("other")), CancellationToken.None));

        Assert.Equal(StructuredResult.Invalid, Harness.Final(events).Structured);
        var line = Assert.Single(logs, l => l.Contains("failed the server's check", StringComparison.Ordinal));
        Assert.Contains("[Warning]", line, StringComparison.Ordinal);
        Assert.Contains("choice answer (3 tokens)", line, StringComparison.Ordinal);
        Assert.DoesNotContain(logs, l => l.Contains("PHI", StringComparison.Ordinal) || l.Contains("other", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Free_Request_StructuredNoneAndNoGrammar()
    {
        await using var h = new Harness(grammars: new ChoiceOnlyGrammars());

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Harness.Request(), CancellationToken.None));

        Assert.Equal(StructuredResult.None, Harness.Final(events).Structured);
        Assert.Null(Assert.Single(h.Engine.Started).Grammar);
    }

    [Fact]
    public async Task Submit_GrammarTheEngineCannotCompile_RefusedNamingTheFieldAndNothingQueued()
    {
        await using var h = new Harness(new FakeEngine { GrammarError = "llama.cpp cannot parse it" }, grammars: new ChoiceOnlyGrammars());
        var format = new ResponseFormat { Mode = ResponseFormatMode.Grammar, Text = "root ::= (" };

        var error = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(Constrained(format), CancellationToken.None));

        Assert.Equal("response_format.grammar: llama.cpp cannot parse it", error.Message);
        Assert.Equal(0, h.Worker.WaitingCount);
        Assert.Empty(h.Engine.Started);
    }

    [Fact]
    public async Task Submit_NoGrammarSource_Refused()
    {
        await using var h = new Harness();

        var error = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(Constrained(Choice("a")), CancellationToken.None));

        Assert.Equal("response_format.choice", error.Field);
    }

    [Theory]
    [InlineData(new string[0], "response_format.choice.choices")]
    [InlineData(new[] { "a", "a" }, "response_format.choice.choices[1]")]
    [InlineData(new[] { "" }, "response_format.choice.choices[0]")]
    public async Task Submit_BadChoices_RefusedNamingTheField(string[] choices, string field)
    {
        await using var h = new Harness(grammars: new ChoiceOnlyGrammars());

        var error = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(Constrained(Choice(choices)), CancellationToken.None));

        Assert.Equal(field, error.Field);
    }

    /// <summary>Hands out a token grammar (the fake engine ignores its text) and checks choices by membership.</summary>
    private sealed class ChoiceOnlyGrammars : IStructuredGrammars
    {
        public ConstraintGrammar JsonSchema(string schemaJson) => throw new InvalidRequestException("response_format.json_schema", "not here");

        public ConstraintGrammar JsonObject() => throw new InvalidRequestException("response_format.json_object", "not here");

        public ConstraintGrammar Grammar(string gbnf) => new(gbnf, "root");

        public ConstraintGrammar Choice(IReadOnlyList<string> choices) => new("choice", "root");

        public bool IsValid(ResponseFormat format, string output) => format.Choices.Contains(output);
    }
}
