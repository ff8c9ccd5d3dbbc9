using System.Collections.Concurrent;
using Appliance.Core.Engines;
using Appliance.Core.Generation;
using Appliance.Core.Models;

namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// A text-generation engine that answers with canned text (a hallucinated or a faithful answer, as a
/// test sets up in <see cref="CannedAnswers"/>), a few characters per token, then the end of
/// generation. It accepts any grammar and enforces none: the server's own schema check still judges
/// the answer. Prompt text is kept only to choose the answer.
/// </summary>
internal sealed class CannedAnswerEngine(CannedAnswers answers) : ITextGenerationEngine
{
    private const int CharactersPerToken = 6;

    private readonly List<string> _prompts = [];
    private readonly ConcurrentDictionary<int, (string Answer, int Position)> _running = new();
    private int _nextSlot;

    public EngineLimits Limits { get; } = new(TasksServerFixture.ContextLength, 4, 64);

    public string Backend => "test (canned answers)";

    public ModelTraits Traits { get; } = new() { HasChatTemplate = true };

    public IReadOnlyList<int> Tokenize(string text)
    {
        lock (_prompts)
        {
            _prompts.Add(text);
            return [.. Enumerable.Repeat(_prompts.Count - 1, Math.Max(1, text.Length / 4))];
        }
    }

    public RenderedChat RenderChat(IReadOnlyList<ChatMessage> messages) => new([.. messages.Select(m => new ChatSegment(m.Content, true))]);

    public IReadOnlyList<int> TokenizeChat(RenderedChat chat) => Tokenize(chat.Text);

    public string? CheckGrammar(ConstraintGrammar grammar) => null;

    public SequenceStartResult Start(SequenceStart start)
    {
        string prompt;
        lock (_prompts)
        {
            prompt = _prompts[start.PromptTokens[0]];
        }

        var slot = new SequenceSlot(Interlocked.Increment(ref _nextSlot));
        _running[slot.Id] = (answers.For(prompt), 0);
        return new SequenceStartResult(slot, 0);
    }

    public IReadOnlyList<SampledToken> Step(StepPlan plan) => [.. plan.Items.Where(i => i.Sample).Select(i => Next(i.Slot))];

    public void Release(SequenceSlot slot) => _running.TryRemove(slot.Id, out _);

    public void Dispose()
    {
    }

    private SampledToken Next(SequenceSlot slot)
    {
        var (answer, position) = _running[slot.Id];
        if (position >= answer.Length)
        {
            return new SampledToken(slot, 2, "", IsEndOfGeneration: true);
        }

        var piece = answer.Substring(position, Math.Min(CharactersPerToken, answer.Length - position));
        _running[slot.Id] = (answer, position + piece.Length);
        return new SampledToken(slot, 100, piece, IsEndOfGeneration: false);
    }
}
