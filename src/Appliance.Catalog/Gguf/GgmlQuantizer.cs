using System.Buffers.Binary;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// Converts float rows to the ggml encodings the writer produces, following llama.cpp's
/// reference (scalar) quantizers so the bytes match what <c>llama-quantize</c> writes, and
/// back again (used by tests and for checking error bounds). All little-endian.
/// </summary>
internal static class GgmlQuantizer
{
    public const int BlockValues = 32;
    public const int Q8BlockBytes = 2 + BlockValues;
    public const int Q4BlockBytes = 2 + (BlockValues / 2);

    /// <summary>Bytes that <paramref name="valueCount"/> values take in <paramref name="type"/>.</summary>
    public static int EncodedBytes(GgmlType type, int valueCount) => type switch
    {
        GgmlType.F32 => valueCount * 4,
        GgmlType.F16 => valueCount * 2,
        GgmlType.Q8_0 => valueCount / BlockValues * Q8BlockBytes,
        GgmlType.Q4_0 => valueCount / BlockValues * Q4BlockBytes,
        _ => throw new NotSupportedException($"Writing ggml type {type} is not supported."),
    };

    /// <summary>The number of values one call must be a multiple of (a block, or 1).</summary>
    public static int Granularity(GgmlType type) => type is GgmlType.Q8_0 or GgmlType.Q4_0 ? BlockValues : 1;

    /// <summary>Encodes <paramref name="source"/>; returns the number of bytes written.</summary>
    public static int Encode(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < source.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], source[i]);
                }

                return source.Length * 4;
            case GgmlType.F16:
                for (var i = 0; i < source.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)source[i]);
                }

                return source.Length * 2;
            case GgmlType.Q8_0:
                return QuantizeQ8_0(source, destination);
            case GgmlType.Q4_0:
                return QuantizeQ4_0(source, destination);
            default:
                throw new NotSupportedException($"Writing ggml type {type} is not supported.");
        }
    }

    /// <summary>Q8_0: per block d = amax / 127 (stored f16), q = round(x / d) as int8.</summary>
    public static int QuantizeQ8_0(ReadOnlySpan<float> source, Span<byte> destination)
    {
        RequireWholeBlocks(source.Length);
        var blocks = source.Length / BlockValues;
        for (var b = 0; b < blocks; b++)
        {
            var x = source.Slice(b * BlockValues, BlockValues);
            var y = destination.Slice(b * Q8BlockBytes, Q8BlockBytes);
            var amax = 0f;
            foreach (var v in x)
            {
                amax = MathF.Max(amax, MathF.Abs(v));
            }

            var d = amax / 127f;
            var id = d != 0f ? 1f / d : 0f;
            BinaryPrimitives.WriteHalfLittleEndian(y, (Half)d);
            for (var j = 0; j < BlockValues; j++)
            {
                y[2 + j] = unchecked((byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero));
            }
        }

        return blocks * Q8BlockBytes;
    }

    /// <summary>
    /// Q4_0: per block the signed value of largest magnitude <c>max</c> gives d = max / -8
    /// (stored f16); q = min(15, (int)(x / d + 8.5)); value j goes in the low nibble of byte j
    /// and value j + 16 in its high nibble.
    /// </summary>
    public static int QuantizeQ4_0(ReadOnlySpan<float> source, Span<byte> destination)
    {
        RequireWholeBlocks(source.Length);
        const int Half = BlockValues / 2;
        var blocks = source.Length / BlockValues;
        for (var b = 0; b < blocks; b++)
        {
            var x = source.Slice(b * BlockValues, BlockValues);
            var y = destination.Slice(b * Q4BlockBytes, Q4BlockBytes);
            var amax = 0f;
            var max = 0f;
            foreach (var v in x)
            {
                if (amax < MathF.Abs(v))
                {
                    amax = MathF.Abs(v);
                    max = v;
                }
            }

            var d = max / -8f;
            var id = d != 0f ? 1f / d : 0f;
            BinaryPrimitives.WriteHalfLittleEndian(y, (System.Half)d);
            for (var j = 0; j < Half; j++)
            {
                var q0 = Math.Min(15, (int)((x[j] * id) + 8.5f));
                var q1 = Math.Min(15, (int)((x[j + Half] * id) + 8.5f));
                y[2 + j] = (byte)(q0 | (q1 << 4));
            }
        }

        return blocks * Q4BlockBytes;
    }

    /// <summary>Decodes <paramref name="destination"/>.Length values of <paramref name="type"/>.</summary>
    public static void Decode(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                }

                break;
            case GgmlType.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                }

                break;
            case GgmlType.Q8_0:
            case GgmlType.Q4_0:
                DecodeBlocks(type, source, destination);
                break;
            default:
                throw new NotSupportedException($"Reading ggml type {type} is not supported.");
        }
    }

    private static void DecodeBlocks(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        RequireWholeBlocks(destination.Length);
        var blockBytes = type == GgmlType.Q8_0 ? Q8BlockBytes : Q4BlockBytes;
        for (var b = 0; b < destination.Length / BlockValues; b++)
        {
            var y = source.Slice(b * blockBytes, blockBytes);
            var x = destination.Slice(b * BlockValues, BlockValues);
            var d = (float)BinaryPrimitives.ReadHalfLittleEndian(y);
            for (var j = 0; j < BlockValues; j++)
            {
                x[j] = type == GgmlType.Q8_0
                    ? (sbyte)y[2 + j] * d
                    : (j < BlockValues / 2 ? (y[2 + j] & 0x0F) - 8 : (y[2 + j - (BlockValues / 2)] >> 4) - 8) * d;
            }
        }
    }

    private static void RequireWholeBlocks(int valueCount)
    {
        if (valueCount % BlockValues != 0)
        {
            throw new ArgumentException($"Block-quantized data needs a multiple of {BlockValues} values, got {valueCount}.");
        }
    }
}
