namespace Appliance.Catalog.Gguf;

/// <summary>What <see cref="SyntheticModel"/> generates. Equal options give byte-identical files.</summary>
public sealed record SyntheticModelOptions
{
    public SyntheticModelPreset Preset { get; init; } = SyntheticModelPreset.Tiny;

    /// <summary>
    /// Type of the 2-D weight matrices: F32, F16, Q8_0 or Q4_0; null takes the preset's
    /// default (F32 for Tiny, Q4_0 for RealisticShape). Norm weights are always F32. With
    /// Q4_0, <c>output.weight</c> is Q8_0, as llama-quantize does for this shape.
    /// </summary>
    public GgmlType? WeightType { get; init; }

    /// <summary>Seed of the weights (the vocabulary does not depend on it).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Whether to embed the ChatML <c>tokenizer.chat_template</c>.</summary>
    public bool IncludeChatTemplate { get; init; } = true;

    /// <summary>The chat template to embed instead of ChatML (a reasoning model's, say); used only with <see cref="IncludeChatTemplate"/>.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Overrides the preset's <c>llama.context_length</c>.</summary>
    public int? ContextLength { get; init; }

    /// <summary><c>general.name</c>; null gives a name derived from the preset.</summary>
    public string? Name { get; init; }
}
