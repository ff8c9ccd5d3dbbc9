namespace Appliance.Core.Models;

/// <summary>
/// One model as configured by its manifest file under the models folder. Paths are resolved
/// (absolute) by the catalog; everything here has passed validation.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Stable id callers use in requests (lowercase letters, digits, '.', '-', '_').</summary>
    public required string Id { get; init; }

    /// <summary>What the model does.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>Weights format, which selects the engine.</summary>
    public required ModelFormat Format { get; init; }

    /// <summary>Absolute path of the weights file.</summary>
    public required string FilePath { get; init; }

    /// <summary>Expected sha256 of the weights file, lowercase hex (64 characters).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Quantisation label, for example <c>Q4_0</c> or <c>Q4_K_M</c>; informational.</summary>
    public string? Quantization { get; init; }

    /// <summary>Context window (tokens) the engine allocates; at most the model's trained context.</summary>
    public required int ContextLength { get; init; }

    /// <summary>Layers offloaded to the GPU (0 = CPU only, -1 = all).</summary>
    public int GpuLayers { get; init; }

    /// <summary>Sequences decoded in parallel (KV cache slots).</summary>
    public int MaxSequences { get; init; } = 4;

    /// <summary>Tokens per engine step (the llama.cpp batch size); bounds prefill chunks.</summary>
    public int BatchTokens { get; init; } = 512;

    /// <summary>
    /// Chat template used when the GGUF file carries none (a Jinja-style template as in
    /// <c>tokenizer.chat_template</c>); null uses the template embedded in the model.
    /// </summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Licence of the weights (SPDX id or name).</summary>
    public string? License { get; init; }

    /// <summary>Where the weights came from (URL, vendor, "synthetic").</summary>
    public string? Source { get; init; }

    /// <summary>Free-text description for operators.</summary>
    public string? Description { get; init; }

    /// <summary>Absolute path of the manifest file this record was read from.</summary>
    public required string ManifestPath { get; init; }
}
