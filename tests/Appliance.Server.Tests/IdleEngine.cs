using Appliance.Core.Engines;
using Appliance.Core.Generation;

namespace Appliance.Server.Tests;

/// <summary>An engine that needs no model: tokenises everything to two tokens and never samples (host life-cycle tests).</summary>
internal sealed class IdleEngine : ITextGenerationEngine
{
    public EngineLimits Limits { get; } = new(64, 1, 16);

    public string Backend => "test";

    public IReadOnlyList<int> Tokenize(string text) => [1, 2];

    public RenderedChat RenderChat(IReadOnlyList<ChatMessage> messages) => new([new("x", false)]);

    public IReadOnlyList<int> TokenizeChat(RenderedChat chat) => [1, 2];

    public SequenceStartResult Start(SequenceStart start) => new(new SequenceSlot(0), 0);

    public IReadOnlyList<SampledToken> Step(StepPlan plan) => [];

    public void Release(SequenceSlot slot)
    {
    }

    public void Dispose()
    {
    }
}
