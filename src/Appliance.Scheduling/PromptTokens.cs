using Appliance.Core.Engines;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// The one way a request's input becomes tokens: a raw <c>prompt</c> with the model's special
/// tokens honoured (the expert path), or <c>messages</c> rendered with the chat template, where
/// only the template's own markers are control tokens and message text is plain text. Anything
/// that counts or checks a request's tokens goes through here, so the count is the one generated from.
/// </summary>
internal static class PromptTokens
{
    /// <summary>
    /// Tokenises the request's input. Rendering and tokenising are single native calls that cannot
    /// be interrupted, so <paramref name="cancellationToken"/> is checked between them.
    /// </summary>
    /// <param name="engine">The model's engine.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">The call's token.</param>
    /// <param name="text">The prompt as text (the raw prompt or the rendered chat): patient data, kept in memory only.</param>
    public static IReadOnlyList<int> Of(ITextGenerationEngine engine, GenerationRequest request, CancellationToken cancellationToken, out string text)
    {
        if (request.Prompt is { } prompt)
        {
            text = prompt;
            return engine.Tokenize(prompt);
        }

        var chat = engine.RenderChat(request.Messages);
        cancellationToken.ThrowIfCancellationRequested();
        text = chat.Text;
        return engine.TokenizeChat(chat);
    }
}
