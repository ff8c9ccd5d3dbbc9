namespace Appliance.Core.Inference;

/// <summary>
/// A loaded text-embedding model (ONNX with a WordPiece tokenizer, or a GGUF embedding model).
/// </summary>
/// <remarks>
/// Threading: <see cref="Tokenize"/> and the properties are safe from any thread;
/// <see cref="Embed"/> is called by the model's batch worker only.
/// </remarks>
public interface IEmbeddingEngine : IDisposable
{
    /// <summary>Length of every vector.</summary>
    int Dimension { get; }

    /// <summary>Most tokens one text may have (special tokens included).</summary>
    int MaxInputTokens { get; }

    /// <summary>Backend description for logs and ListModels.</summary>
    string Backend { get; }

    /// <summary>Tokenises a text; longer than <see cref="MaxInputTokens"/> is cut to it when <paramref name="truncate"/>, else returned whole (the caller refuses it).</summary>
    EmbeddingInput Tokenize(string text, bool truncate);

    /// <summary>
    /// Embeds the texts as one batch (padded to the longest, with an attention mask) and pools
    /// each as the model's manifest says. Vectors are not normalised.
    /// </summary>
    /// <param name="batch">Tokenised texts, each within <see cref="MaxInputTokens"/>.</param>
    /// <param name="cancellationToken">Cancelled when no caller waits any more: the run is terminated.</param>
    IReadOnlyList<float[]> Embed(IReadOnlyList<EmbeddingInput> batch, CancellationToken cancellationToken);
}
