using Appliance.Core.Inference;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Appliance.Engines.Onnx;

/// <summary>The ONNX element types the appliance carries over the wire, and their CLR arrays.</summary>
internal static class OnnxElementTypes
{
    /// <summary>Maps an ONNX Runtime element type; false for those the API cannot carry (float16, strings, ...).</summary>
    public static bool TryMap(OrtElementType onnx, out TensorElementType type)
    {
        (var known, type) = onnx switch
        {
            OrtElementType.Float => (true, TensorElementType.Float32),
            OrtElementType.Double => (true, TensorElementType.Float64),
            OrtElementType.Int32 => (true, TensorElementType.Int32),
            OrtElementType.Int64 => (true, TensorElementType.Int64),
            OrtElementType.UInt8 => (true, TensorElementType.UInt8),
            OrtElementType.Bool => (true, TensorElementType.Bool),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The CLR element type of <see cref="NamedTensor.Data"/> for a tensor of <paramref name="type"/>.</summary>
    public static Type ClrType(TensorElementType type) => type switch
    {
        TensorElementType.Float32 => typeof(float),
        TensorElementType.Float64 => typeof(double),
        TensorElementType.Int32 => typeof(int),
        TensorElementType.Int64 => typeof(long),
        TensorElementType.UInt8 => typeof(byte),
        TensorElementType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tensor element type"),
    };

    /// <summary>Lowercase name as the API and the ONNX spec write it (float32, int64, ...).</summary>
    public static string Name(TensorElementType type) => type.ToString().ToLowerInvariant();
}
