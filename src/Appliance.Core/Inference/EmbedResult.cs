namespace Appliance.Core.Inference;

/// <summary>The vectors of an <see cref="EmbedRequest"/>.</summary>
/// <param name="Vectors">One per text, in order.</param>
/// <param name="Dimension">Length of every vector.</param>
/// <param name="PromptTokens">Tokens of all texts after truncation (special tokens included).</param>
/// <param name="TruncatedTexts">Texts that were cut to the model's input limit.</param>
public sealed record EmbedResult(IReadOnlyList<float[]> Vectors, int Dimension, int PromptTokens, int TruncatedTexts);
