using Appliance.Core.Generation;
using Appliance.Core.Models;

namespace Appliance.Scheduling.Tests;

/// <summary>A reasoning model's <c>&lt;think&gt;…&lt;/think&gt;</c> output through the worker: held back, separated, budgeted, counted.</summary>
public sealed class ReasoningTests
{
    private static readonly ReasoningMarkers Think = new("<think>", "</think>");

    /// <summary>"&lt;think&gt;" + reasoning + "&lt;/think&gt;" + answer, the markers split across tokens.</summary>
    private static FakeEngine ThinkingEngine(int endAfter = 9) => new(contextLength: 128) { EndAfter = endAfter, TextFor = ThinkText };

    private static string ThinkText(int n) => n switch
    {
        1 => "<th",
        2 => "ink>\nPatient Jane ",
        3 => "Doe: chest pain",
        4 => " </th",
        5 => "ink>",
        6 => "\n\nurgent",
        7 => " triage",
        8 => "!",
        _ => "more",
    };

    private static GenerationRequest Request(ReasoningMode mode, int maxTokens = 20, int? budget = null) =>
        Harness.Request(maxTokens: maxTokens) with { Reasoning = mode, ReasoningMaxTokens = budget };

    private static string Reasoning(IEnumerable<GenerationEvent> events) =>
        string.Concat(events.OfType<ReasoningPiece>().Select(p => p.Text));

    [Fact]
    public async Task Generate_Hidden_StreamsOnlyTheAnswerAndCountsReasoningTokens()
    {
        await using var h = new Harness(ThinkingEngine(), reasoning: Think);

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Request(ReasoningMode.Hidden), CancellationToken.None));

        Assert.Equal("urgent triage!", Harness.Text(events));
        Assert.Empty(events.OfType<ReasoningPiece>());
        Assert.DoesNotContain(events.OfType<GenerationPiece>(), p => p.Text.Contains("Jane", StringComparison.Ordinal) || p.Text.Contains('<'));
        var final = Harness.Final(events);
        Assert.Equal(FinishReason.Stop, final.Reason);
        Assert.Equal(9, final.Usage.CompletionTokens);
        Assert.Equal(5, final.Usage.ReasoningTokens);
        Assert.Equal(8, events.OfType<GenerationPiece>().Sum(p => p.TokenCount)); // the end-of-generation token has no text
    }

    [Fact]
    public async Task Generate_Separate_SendsReasoningPiecesApartAndTheAnswerWithoutMarkers()
    {
        await using var h = new Harness(ThinkingEngine(), reasoning: Think);

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Request(ReasoningMode.Separate), CancellationToken.None));

        Assert.Equal("\nPatient Jane Doe: chest pain ", Reasoning(events));
        Assert.Equal("urgent triage!", Harness.Text(events));
        Assert.All(events.OfType<ReasoningPiece>().Concat<GenerationEvent>(events.OfType<GenerationPiece>()), e =>
            Assert.DoesNotContain("think>", e is ReasoningPiece r ? r.Text : ((GenerationPiece)e).Text, StringComparison.Ordinal));
        var firstAnswer = events.FindIndex(e => e is GenerationPiece);
        Assert.True(events.FindLastIndex(e => e is ReasoningPiece) < firstAnswer);
        Assert.Equal(5, Harness.Final(events).Usage.ReasoningTokens);
        Assert.Equal(8, events.OfType<ReasoningPiece>().Sum(p => p.TokenCount) + events.OfType<GenerationPiece>().Sum(p => p.TokenCount));
    }

    [Fact]
    public async Task Generate_ModelWithoutMarkers_PassesThinkTextThroughAsAnswer()
    {
        await using var h = new Harness(ThinkingEngine());

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Request(ReasoningMode.Separate), CancellationToken.None));

        Assert.StartsWith("<think>\nPatient", Harness.Text(events), StringComparison.Ordinal);
        Assert.Empty(events.OfType<ReasoningPiece>());
        Assert.Equal(0, Harness.Final(events).Usage.ReasoningTokens);
    }

    [Fact]
    public async Task Generate_BudgetReached_FeedsTheEndMarkerAndTheModelAnswers()
    {
        var engine = new FakeEngine(contextLength: 128) { EndAfter = 8, TextFor = n => n == 1 ? "<think>" : n < 6 ? $"r{n} " : $"a{n} " };
        await using var h = new Harness(engine, reasoning: Think);

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Request(ReasoningMode.Separate, budget: 3), CancellationToken.None));

        // Tokens 1-3 reason; the worker then feeds "</think>" (8 character tokens) itself: tokens 4-7 are answer.
        Assert.Equal("r2 r3 ", Reasoning(events));
        Assert.Equal("r4 r5 a6 a7 ", Harness.Text(events));
        var final = Harness.Final(events);
        Assert.Equal(3 + 8, final.Usage.ReasoningTokens);
        Assert.Equal(8 + 8, final.Usage.CompletionTokens);
        var fed = h.Engine.Plans.SelectMany(p => p.Items).Select(i => new string([.. i.Tokens.ToArray().Where(t => t < 1000).Select(t => (char)t)]));
        Assert.Contains("</think>", fed);
    }

    [Fact]
    public async Task Generate_BudgetReached_IsLoggedOnceWithIdsAndNumbersOnly()
    {
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var engine = new FakeEngine(contextLength: 128) { EndAfter = 8, TextFor = n => n == 1 ? "<think>" : n < 6 ? $"Jane Doe {n} " : $"a{n} " };
        var options = new SchedulerOptions();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var worker = new GenerationWorker("m", engine, options, time, new CapturingLoggerProvider(logs).CreateLogger("w"), reasoning: Think);
        var scheduler = new GenerationScheduler(new FakeDirectory().Add("m", FakeDirectory.Ready(worker)), time, options: options);
        worker.Start();

        await Harness.ReadAllAsync(scheduler.Submit(Request(ReasoningMode.Separate, budget: 3) with { RequestId = "req-7" }, CancellationToken.None));

        var line = Assert.Single(logs, l => l.Contains("reasoning budget", StringComparison.Ordinal));
        Assert.Contains("request req-7 reached its reasoning budget of 3 tokens", line, StringComparison.Ordinal);
        Assert.DoesNotContain(logs, l => l.Contains("Jane", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_PreemptedWhileReasoning_ResumesWithTheSameReasoningAnswerAndUsage()
    {
        var undisturbed = await RunBatchAsync(interrupt: false);
        var interrupted = await RunBatchAsync(interrupt: true);

        Assert.Equal("urgent triage!", Harness.Text(interrupted));
        Assert.Equal(Reasoning(undisturbed), Reasoning(interrupted));
        Assert.Equal(Harness.Final(undisturbed).Usage, Harness.Final(interrupted).Usage);
        Assert.Equal(5, Harness.Final(interrupted).Usage.ReasoningTokens);
    }

    private static async Task<List<GenerationEvent>> RunBatchAsync(bool interrupt)
    {
        await using var h = new Harness(new FakeEngine(contextLength: 128, maxSequences: 1) { EndAfter = 9 }, start: false, reasoning: Think);
        GenerationStream? urgent = null;
        h.Engine.TextFor = n =>
        {
            // Arrives from the worker thread while the batch request is inside its reasoning.
            if (interrupt && n == 3 && urgent is null)
            {
                urgent = h.Scheduler.Submit(Request(ReasoningMode.Hidden, maxTokens: 2) with { Priority = Priority.Urgent }, CancellationToken.None);
            }

            return ThinkText(n);
        };
        var batch = h.Scheduler.Submit(Request(ReasoningMode.Separate) with { Priority = Priority.Batch }, CancellationToken.None);

        h.Worker.Start();
        var events = await Harness.ReadAllAsync(batch);
        Assert.Equal(interrupt, urgent is not null);
        if (urgent is not null)
        {
            await Harness.ReadAllAsync(urgent);
            Assert.Equal(3, h.Engine.Starts); // batch, urgent, batch resumed
        }

        return events;
    }

    [Fact]
    public async Task Generate_PromptOpensReasoning_OutputBeginsInsideIt()
    {
        var engine = new FakeEngine(contextLength: 128) { EndAfter = 4, TextFor = n => n switch { 1 => "MRN 4711", 2 => "</think>", _ => "routine" } };
        await using var h = new Harness(engine, reasoning: Think);

        var request = Request(ReasoningMode.Hidden) with { Prompt = "Triage this.<think>\n" };
        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(request, CancellationToken.None));

        Assert.Equal("routine", Harness.Text(events));
        Assert.Equal(2, Harness.Final(events).Usage.ReasoningTokens);
    }

    [Fact]
    public async Task Generate_MaxTokens_CountsTheAnswerOnly()
    {
        await using var h = new Harness(ThinkingEngine(endAfter: 0), reasoning: Think);

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Request(ReasoningMode.Hidden, maxTokens: 2), CancellationToken.None));

        Assert.Equal("urgent triage", Harness.Text(events));
        var final = Harness.Final(events);
        Assert.Equal(FinishReason.Length, final.Reason);
        Assert.Equal(7, final.Usage.CompletionTokens);
        Assert.Equal(5, final.Usage.ReasoningTokens);
    }

    [Fact]
    public async Task Generate_StopStringInsideReasoning_DoesNotStopTheAnswer()
    {
        await using var h = new Harness(ThinkingEngine(), reasoning: Think);

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(Request(ReasoningMode.Hidden) with
        {
            Sampling = new SamplingParameters { MaxTokens = 20, Stop = ["chest", "!"] },
        }, CancellationToken.None));

        Assert.Equal("urgent triage", Harness.Text(events));
        Assert.Equal(FinishReason.Stop, Harness.Final(events).Reason);
    }

    [Theory]
    [InlineData(0, "must be at least 1")]
    [InlineData(128, "below the model's context length 128")]
    public async Task Submit_BadReasoningBudget_IsRefusedNamingTheField(int budget, string rule)
    {
        await using var h = new Harness(ThinkingEngine(), reasoning: Think);

        var error = Assert.Throws<Core.Errors.InvalidRequestException>(() => h.Scheduler.Submit(Request(ReasoningMode.Hidden, budget: budget), CancellationToken.None));

        Assert.Equal("reasoning_max_tokens", error.Field);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }
}
