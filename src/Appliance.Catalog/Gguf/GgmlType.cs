namespace Appliance.Catalog.Gguf;

/// <summary>
/// A ggml tensor type id as stored in a GGUF tensor info (uint32). Names follow ggml's.
/// The writer produces <see cref="F32"/>, <see cref="F16"/>, <see cref="Q4_0"/> and
/// <see cref="Q8_0"/>; the reader accepts any value (unknown ids stay as their number).
/// </summary>
#pragma warning disable CA1707 // ggml's own names (Q4_0, Q4_K...) are what users recognise.
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
}
#pragma warning restore CA1707
