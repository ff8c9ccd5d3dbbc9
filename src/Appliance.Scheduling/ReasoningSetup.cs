using Appliance.Core.Engines;
using Appliance.Core.Models;

namespace Appliance.Scheduling;

/// <summary>A reasoning model's markers and the tokens the worker feeds to end a reasoning whose budget ran out.</summary>
/// <param name="Markers">The manifest's markers.</param>
/// <param name="EndTokens">The end marker as tokens, without the BOS the tokenizer may add.</param>
internal sealed record ReasoningSetup(ReasoningMarkers Markers, int[] EndTokens)
{
    /// <summary>Tokenises the end marker once (thread-safe engine call); null for a model without markers.</summary>
    public static ReasoningSetup? For(ReasoningMarkers? markers, ITextGenerationEngine engine)
    {
        if (markers is null)
        {
            return null;
        }

        // Tokenize adds BOS when the model wants one: the tokens of the empty text are that prefix.
        var prefix = engine.Tokenize(string.Empty);
        var tokens = engine.Tokenize(markers.End);
        var skip = tokens.Count > prefix.Count && tokens.Take(prefix.Count).SequenceEqual(prefix) ? prefix.Count : 0;
        return new ReasoningSetup(markers, [.. tokens.Skip(skip)]);
    }
}
