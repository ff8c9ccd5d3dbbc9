namespace Appliance.Catalog.Manifests;

/// <summary>Which of a model's files a <see cref="ModelVerifyResult"/> is about.</summary>
public enum ModelFileRole
{
    /// <summary>The weights (manifest <c>file</c>, pinned by <c>sha256</c>).</summary>
    Weights,

    /// <summary>The tokenizer vocabulary (manifest <c>vocabulary</c>, pinned by <c>vocabulary_sha256</c>).</summary>
    Vocabulary,
}
