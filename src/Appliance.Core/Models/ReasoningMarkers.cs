namespace Appliance.Core.Models;

/// <summary>
/// How a reasoning model (DeepSeek-R1, QwQ) marks its reasoning in generated text: the manifest's
/// <c>reasoning</c> key. The reasoning is everything between <see cref="Start"/> and <see cref="End"/>
/// at the start of the output (or from the start of the output when the prompt already ends with
/// <see cref="Start"/>, as R1's chat template does).
/// </summary>
/// <param name="Start">Opening marker, e.g. <c>&lt;think&gt;</c>.</param>
/// <param name="End">Closing marker, e.g. <c>&lt;/think&gt;</c>.</param>
/// <param name="MaxTokens">Default reasoning token budget of a request that sets none.</param>
public sealed record ReasoningMarkers(string Start, string End, int MaxTokens = ReasoningMarkers.DefaultMaxTokens)
{
    /// <summary>Budget when neither the manifest nor the request sets one.</summary>
    public const int DefaultMaxTokens = 1024;

    /// <summary>Longest marker a manifest may declare (characters).</summary>
    public const int MaxMarkerLength = 32;
}
