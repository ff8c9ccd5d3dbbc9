using System.Collections.Frozen;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// llama.cpp's file types (<c>llama_ftype</c>, stored as <c>general.file_type</c>) as the
/// quantisation labels people use for GGUF files (Q4_K_M, Q8_0...). The number says how
/// llama-quantize was asked to quantise the file, which the tensor types alone cannot tell
/// (Q4_K_M and Q4_K_S use the same block types in different proportions).
/// </summary>
public static class LlamaFileTypes
{
    /// <summary>llama.cpp ORs this into a file type it had to guess; files do not normally carry it.</summary>
    public const uint GuessedFlag = 1024;

    // Numbers 4-6 and 33-35 belong to formats llama.cpp removed; they have no label.
    private static readonly FrozenDictionary<uint, string> Labels = new Dictionary<uint, string>
    {
        [0] = "F32", [1] = "F16", [2] = "Q4_0", [3] = "Q4_1", [7] = "Q8_0", [8] = "Q5_0", [9] = "Q5_1",
        [10] = "Q2_K", [11] = "Q3_K_S", [12] = "Q3_K_M", [13] = "Q3_K_L", [14] = "Q4_K_S", [15] = "Q4_K_M",
        [16] = "Q5_K_S", [17] = "Q5_K_M", [18] = "Q6_K", [19] = "IQ2_XXS", [20] = "IQ2_XS", [21] = "Q2_K_S",
        [22] = "IQ3_XS", [23] = "IQ3_XXS", [24] = "IQ1_S", [25] = "IQ4_NL", [26] = "IQ3_S", [27] = "IQ3_M",
        [28] = "IQ2_S", [29] = "IQ2_M", [30] = "IQ4_XS", [31] = "IQ1_M", [32] = "BF16", [36] = "TQ1_0",
        [37] = "TQ2_0", [38] = "MXFP4_MOE", [39] = "NVFP4", [40] = "Q1_0",
    }.ToFrozenDictionary();

    /// <summary>The label of <paramref name="fileType"/> (the guessed flag ignored), or null for a number this table does not know.</summary>
    public static string? Label(uint fileType) => Labels.GetValueOrDefault(fileType & ~GuessedFlag);

    /// <summary>
    /// For a file without <c>general.file_type</c>: the type holding most elements among the
    /// matrices (tensors of two or more dimensions; norms and biases stay F32 in every file),
    /// or null when the file has none.
    /// </summary>
    public static GgmlType? DominantMatrixType(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Tensors
            .Where(t => t.Dimensions.Count >= 2)
            .GroupBy(t => t.Type)
            .Select(g => (Type: g.Key, Elements: g.Sum(t => t.ElementCount)))
            .OrderByDescending(g => g.Elements)
            .Select(g => (GgmlType?)g.Type)
            .FirstOrDefault();
    }
}
