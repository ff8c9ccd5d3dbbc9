namespace Appliance.Core.Inference;

/// <summary>Wire names and CLR array types of <see cref="TensorElementType"/>.</summary>
public static class TensorTypes
{
    /// <summary>The KServe v2 datatype name: FP32, FP64, INT32, INT64, UINT8, BOOL.</summary>
    public static string Name(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => "FP32",
        TensorElementType.Float64 => "FP64",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int64 => "INT64",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tensor type"),
    };

    /// <summary>True when <paramref name="data"/> is the CLR array type of <paramref name="type"/>.</summary>
    public static bool Matches(TensorElementType type, Array data) => type switch
    {
        TensorElementType.Float32 => data is float[],
        TensorElementType.Float64 => data is double[],
        TensorElementType.Int32 => data is int[],
        TensorElementType.Int64 => data is long[],
        TensorElementType.UInt8 => data is byte[],
        TensorElementType.Bool => data is bool[],
        _ => false,
    };

    /// <summary>Shape as text, e.g. [-1, 3].</summary>
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
