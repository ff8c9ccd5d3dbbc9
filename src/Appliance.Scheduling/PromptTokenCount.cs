namespace Appliance.Scheduling;

/// <summary>A prompt's size against its model's context (<see cref="GenerationScheduler.CountTokens"/>).</summary>
/// <param name="Tokens">Tokens of the rendered prompt, BOS included: the request's prompt usage.</param>
/// <param name="ContextLength">The model's context length (prompt plus output).</param>
public sealed record PromptTokenCount(int Tokens, int ContextLength)
{
    /// <summary>Whether the prompt leaves room for at least one generated token, as admission requires.</summary>
    public bool Fits => Tokens < ContextLength;

    /// <summary>Most tokens that could follow the prompt; 0 when it does not fit.</summary>
    public int MaxOutputTokens => Fits ? ContextLength - Tokens : 0;
}
