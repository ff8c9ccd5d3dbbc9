using Appliance.Core.Models;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// Recognises a reasoning model by its chat template: DeepSeek-R1 (and its distills) and QwQ
/// templates mention <c>&lt;think&gt;</c>, to open the reasoning in the generation prompt or to
/// strip it from earlier assistant turns.
/// </summary>
public static class ReasoningTemplates
{
    /// <summary>The markers those models use.</summary>
    public static ReasoningMarkers Think { get; } = new("<think>", "</think>");

    /// <summary>The markers when <paramref name="chatTemplate"/> is a reasoning model's; null otherwise.</summary>
    public static ReasoningMarkers? Detect(string? chatTemplate) =>
        chatTemplate is not null && chatTemplate.Contains(Think.Start, StringComparison.Ordinal) ? Think : null;
}
