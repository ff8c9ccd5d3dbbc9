using System.Collections.Concurrent;
using Appliance.Core.Engines;

namespace Appliance.Scheduling.Tests;

/// <summary>
/// Deterministic engine: one token per character (plus BOS = 1); the n-th generated token of a
/// sequence is 1000 + n and reads as "w{n} ". A sequence started again with its earlier output
/// (a resume after preemption) continues the count, so a resumed run matches an undisturbed one. Optional end-of-generation
/// after N samples and step failures on demand.
/// </summary>
internal sealed class FakeEngine : ITextGenerationEngine
{
    private readonly bool[] _inUse;
    private readonly int[] _samples;
    private readonly int[] _positions;

    public FakeEngine(int contextLength = 64, int maxSequences = 2, int batchTokens = 16)
    {
        Limits = new EngineLimits(contextLength, maxSequences, batchTokens);
        _inUse = new bool[maxSequences];
        _samples = new int[maxSequences];
        _positions = new int[maxSequences];
    }

    public EngineLimits Limits { get; }

    public string Backend => "fake";

    public ConcurrentQueue<StepPlan> Plans { get; } = new();

    public int Starts;

    /// <summary>First prompt character (after BOS) of every started sequence, in admission order.</summary>
    public ConcurrentQueue<char> Admissions { get; } = new();

    public int Releases;

    /// <summary>Sample count after which a sequence emits end-of-generation (0 = never).</summary>
    public int EndAfter { get; set; }

    /// <summary>Throw a bug (not an engine failure) on Start.</summary>
    public bool FailStart { get; set; }

    /// <summary>Answer a step with a token for a slot nobody asked about (an engine bug the loop cannot survive).</summary>
    public bool ReturnBogusSlot { get; set; }

    /// <summary>When set, every step advances this clock by <see cref="CostPerStep"/> plus <see cref="CostPerToken"/> per token fed.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Clock { get; set; }

    public TimeSpan CostPerToken { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>What a step costs whatever it feeds (reading the weights once); zero by default.</summary>
    public TimeSpan CostPerStep { get; set; }

    /// <summary>Throw on the next step.</summary>
    public volatile bool FailNextStep;

    /// <summary>Custom text for the n-th sample (1-based) of any sequence.</summary>
    public Func<int, string>? TextFor { get; set; }

    /// <summary>How many prompts were tokenised and chats rendered (the expensive work input bounds must prevent).</summary>
    public int Tokenizations;

    /// <inheritdoc cref="Tokenizations"/>
    public int Renders;

    /// <summary>Runs while a chat is rendered (a test cancels the call there).</summary>
    public Action? Rendering { get; set; }

    public IReadOnlyList<int> Tokenize(string text)
    {
        Interlocked.Increment(ref Tokenizations);
        return [1, .. text.Select(c => (int)c)];
    }

    public RenderedChat RenderChat(IReadOnlyList<ChatMessage> messages)
    {
        Interlocked.Increment(ref Renders);
        Rendering?.Invoke();
        return new RenderedChat([.. messages.SelectMany(m => new[] { new ChatSegment($"<{m.Role}>", false), new ChatSegment(m.Content, true) })]);
    }

    public IReadOnlyList<int> TokenizeChat(RenderedChat chat) => Tokenize(chat.Text);

    /// <summary>Every start, in order (a resumed sequence starts again).</summary>
    public ConcurrentQueue<SequenceStart> Started { get; } = new();

    /// <summary>What <see cref="CheckGrammar"/> answers: null compiles.</summary>
    public string? GrammarError { get; set; }

    public string? CheckGrammar(ConstraintGrammar grammar) => GrammarError;

    public SequenceStartResult Start(SequenceStart start)
    {
        if (FailStart)
        {
            throw new InvalidOperationException("injected bug");
        }

        var slot = Array.IndexOf(_inUse, false);
        if (slot < 0)
        {
            throw new InvalidOperationException("over-admitted");
        }

        _inUse[slot] = true;
        _samples[slot] = start.PromptTokens.Count(t => t >= 1000);
        _positions[slot] = 0;
        Interlocked.Increment(ref Starts);
        Started.Enqueue(start);
        Admissions.Enqueue(start.PromptTokens.Count > 1 ? (char)start.PromptTokens[1] : '?');
        return new SequenceStartResult(new SequenceSlot(slot), 0);
    }

    public IReadOnlyList<SampledToken> Step(StepPlan plan)
    {
        Plans.Enqueue(plan);
        if (FailNextStep)
        {
            FailNextStep = false;
            throw new EngineFailureException("injected failure");
        }

        var total = plan.Items.Sum(i => i.Tokens.Length);
        if (total > Limits.BatchTokens)
        {
            throw new InvalidOperationException($"plan of {total} tokens exceeds the budget");
        }

        Clock?.Advance(CostPerStep + (CostPerToken * total));

        var result = new List<SampledToken>();
        foreach (var item in plan.Items)
        {
            if (!_inUse[item.Slot.Id])
            {
                throw new InvalidOperationException("step on a released slot");
            }

            _positions[item.Slot.Id] += item.Tokens.Length;
            if (!item.Sample)
            {
                continue;
            }

            var n = ++_samples[item.Slot.Id];
            var eog = EndAfter > 0 && n >= EndAfter;
            var text = eog ? string.Empty : TextFor?.Invoke(n) ?? $"w{n} ";
            var slot = ReturnBogusSlot ? new SequenceSlot(99) : item.Slot;
            result.Add(new SampledToken(slot, 1000 + n, text, eog));
        }

        return result;
    }

    public void Release(SequenceSlot slot)
    {
        if (_inUse[slot.Id])
        {
            _inUse[slot.Id] = false;
            Interlocked.Increment(ref Releases);
        }
    }

    public void Dispose()
    {
    }
}
