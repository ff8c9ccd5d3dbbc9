using Appliance.Core.Inference;

namespace Appliance.Catalog.Onnx;

/// <summary>ONNX's element type codes (<c>TensorProto.DataType</c>) as names, and which of them the Infer API carries.</summary>
internal static class OnnxTensorTypes
{
    private static readonly string[] Names =
    [
        "undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool",
        "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16",
        "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4", "float4e2m1",
    ];

    /// <summary>The lower-case name of an element type code (the API's spelling where it has one), or "type N" for a code newer than this table.</summary>
    public static string Name(int code) =>
        code >= 0 && code < Names.Length ? Names[code] : "type " + code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The wire type the Infer API uses for <paramref name="code"/>, or null for a type it cannot carry.</summary>
    public static TensorElementType? WireType(int code) => code switch
    {
        1 => TensorElementType.Float32,
        2 => TensorElementType.UInt8,
        6 => TensorElementType.Int32,
        7 => TensorElementType.Int64,
        9 => TensorElementType.Bool,
        11 => TensorElementType.Float64,
        _ => null,
    };
}
