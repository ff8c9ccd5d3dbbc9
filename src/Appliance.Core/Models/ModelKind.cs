namespace Appliance.Core.Models;

/// <summary>What a model does, which decides the RPCs that can use it.</summary>
public enum ModelKind
{
    /// <summary>A causal language model served by <c>Generate</c>/<c>Complete</c>.</summary>
    TextGeneration,

    /// <summary>A text embedding model served by <c>Embed</c>.</summary>
    Embedding,

    /// <summary>Any other tensor model (classifier, OCR, imaging) served by <c>Infer</c>.</summary>
    Tensor,
}
