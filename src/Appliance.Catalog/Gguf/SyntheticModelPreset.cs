namespace Appliance.Catalog.Gguf;

/// <summary>The shapes <see cref="SyntheticModel"/> can generate.</summary>
public enum SyntheticModelPreset
{
    /// <summary>2 layers, hidden 64: about 1 MB in F32; loads and decodes in milliseconds (tests).</summary>
    Tiny,

    /// <summary>The 415M-parameter shape of a small real chat model (24 layers, hidden 896):
    /// about 249 MB in Q4_0; for benchmarks.</summary>
    RealisticShape,
}
