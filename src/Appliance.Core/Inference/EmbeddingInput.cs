namespace Appliance.Core.Inference;

/// <summary>One text, tokenised for an embedding model.</summary>
/// <param name="TokenIds">Token ids including the model's special tokens (e.g. [CLS] ... [SEP]).</param>
/// <param name="Truncated">True when the text was longer than the model's input limit and was cut.</param>
public sealed record EmbeddingInput(IReadOnlyList<int> TokenIds, bool Truncated);
