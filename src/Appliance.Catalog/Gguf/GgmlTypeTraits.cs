namespace Appliance.Catalog.Gguf;

/// <summary>Block geometry of the ggml types: how many values a block holds and its bytes.</summary>
internal static class GgmlTypeTraits
{
    private const int QkK = 256;

    /// <summary>Values per block and bytes per block, or false for a type this table does not know.</summary>
    public static bool TryGetBlock(GgmlType type, out int blockSize, out int typeSize)
    {
        (blockSize, typeSize) = type switch
        {
            GgmlType.F32 => (1, 4),
            GgmlType.F16 => (1, 2),
            GgmlType.Q4_0 => (32, 2 + 16),
            GgmlType.Q4_1 => (32, 2 + 2 + 16),
            GgmlType.Q5_0 => (32, 2 + 4 + 16),
            GgmlType.Q5_1 => (32, 2 + 2 + 4 + 16),
            GgmlType.Q8_0 => (32, 2 + 32),
            GgmlType.Q8_1 => (32, 4 + 4 + 32),
            GgmlType.Q2_K => (QkK, 2 + 2 + (QkK / 16) + (QkK / 4)),
            GgmlType.Q3_K => (QkK, 2 + (QkK / 4) + (QkK / 8) + 12),
            GgmlType.Q4_K => (QkK, 2 + 2 + (QkK / 2) + 12),
            GgmlType.Q5_K => (QkK, 2 + 2 + (QkK / 2) + (QkK / 8) + 12),
            GgmlType.Q6_K => (QkK, 2 + (QkK / 2) + (QkK / 4) + (QkK / 16)),
            GgmlType.Q8_K => (QkK, 4 + QkK + (QkK / 8)),
            GgmlType.IQ2_XXS => (QkK, 2 + (QkK / 4)),
            GgmlType.IQ2_XS => (QkK, 2 + (QkK / 4) + (QkK / 32)),
            GgmlType.IQ3_XXS => (QkK, 2 + (QkK / 4) + (QkK / 8)),
            GgmlType.IQ1_S => (QkK, 2 + (QkK / 8) + (QkK / 16)),
            GgmlType.IQ4_NL => (32, 2 + 16),
            GgmlType.IQ3_S => (QkK, 2 + (QkK / 4) + (QkK / 8) + (QkK / 32) + 4),
            GgmlType.IQ2_S => (QkK, 2 + (QkK / 4) + (QkK / 16)),
            GgmlType.IQ4_XS => (QkK, 2 + 2 + (QkK / 2) + (QkK / 64)),
            GgmlType.I8 => (1, 1),
            GgmlType.I16 => (1, 2),
            GgmlType.I32 => (1, 4),
            GgmlType.I64 => (1, 8),
            GgmlType.F64 => (1, 8),
            GgmlType.IQ1_M => (QkK, (QkK / 8) + (QkK / 16) + (QkK / 32)),
            GgmlType.BF16 => (1, 2),
            GgmlType.TQ1_0 => (QkK, 2 + (4 * 13)),
            GgmlType.TQ2_0 => (QkK, 2 + 64),
            GgmlType.MXFP4 => (32, 1 + 16),
            _ => (0, 0),
        };
        return blockSize != 0;
    }

    /// <summary>
    /// Bytes of a tensor's data, or null when the type is unknown or the row length (ne0) is
    /// not a whole number of blocks. Throws <see cref="OverflowException"/> on absurd shapes.
    /// </summary>
    public static long? TryGetByteSize(GgmlType type, IReadOnlyList<long> dimensions)
    {
        if (!TryGetBlock(type, out var blockSize, out var typeSize) || dimensions.Count == 0)
        {
            return null;
        }

        if (dimensions[0] % blockSize != 0)
        {
            return null;
        }

        var rowBytes = checked(dimensions[0] / blockSize * typeSize);
        var rows = 1L;
        for (var i = 1; i < dimensions.Count; i++)
        {
            rows = checked(rows * dimensions[i]);
        }

        return checked(rowBytes * rows);
    }
}
