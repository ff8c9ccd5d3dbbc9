using System.Runtime.InteropServices;

namespace Appliance.Testing.Onnx;

/// <summary>
/// Small ONNX models encoded by hand (ModelProto, ir_version 8, opset 13), so the tensor engine is
/// tested on real ONNX Runtime sessions without any model file in the repository.
/// </summary>
public static class TinyOnnxModel
{
    // TensorProto.DataType values.
    private const int Float = 1;
    private const int Int64 = 7;
    private const int Float16 = 10;
    private const int UInt8 = 2;
    private const int Int32 = 6;
    private const int Bool = 9;
    private const int Double = 11;

    /// <summary>W [3,2] of the affine model: Y = X·W + B.</summary>
    public static readonly float[] W = [1, 2, 3, 4, 5, 6];

    /// <summary>B [2] of the affine model.</summary>
    public static readonly float[] B = [0.5f, -1];

    /// <summary>C [1] of the counter: M = N + C.</summary>
    public const long C = 10;

    /// <summary>
    /// Inputs X float32 [batch,3] and N int64 [batch,1]; outputs Y = MatMul(X, W) + B float32
    /// [batch,2] and M = N + 10 int64 [batch,1]. With <paramref name="fixedBatch"/> the first
    /// dimension is that number instead of the symbolic "batch".
    /// </summary>
    public static byte[] Affine(int? fixedBatch = null)
    {
        var graph = new ProtoWriter()
            .Message(1, Node("matmul", "MatMul", ["X", "W"], "XW"))
            .Message(1, Node("bias", "Add", ["XW", "B"], "Y"))
            .Message(1, Node("count", "Add", ["N", "C"], "M"))
            .String(2, "affine")
            .Message(5, Initializer("W", Float, [3, 2], MemoryMarshal.AsBytes(W.AsSpan()).ToArray()))
            .Message(5, Initializer("B", Float, [2], MemoryMarshal.AsBytes(B.AsSpan()).ToArray()))
            .Message(5, Initializer("C", Int64, [1], BitConverter.GetBytes(C)))
            .Message(11, Value("X", Float, fixedBatch, 3))
            .Message(11, Value("N", Int64, fixedBatch, 1))
            .Message(12, Value("Y", Float, fixedBatch, 2))
            .Message(12, Value("M", Int64, fixedBatch, 1));
        return Model(graph);
    }

    /// <summary>Identity of one [batch,2] input per other element type: D float64, I int32, U uint8, L bool → D2, I2, U2, L2.</summary>
    public static byte[] OtherTypesIdentity()
    {
        var graph = new ProtoWriter();
        (string Name, int Type)[] tensors = [("D", Double), ("I", Int32), ("U", UInt8), ("L", Bool)];
        foreach (var (name, _) in tensors)
        {
            graph.Message(1, Node($"same{name}", "Identity", [name], $"{name}2"));
        }

        graph.String(2, "types");
        foreach (var (name, type) in tensors)
        {
            graph.Message(11, Value(name, type, null, 2));
        }

        foreach (var (name, type) in tensors)
        {
            graph.Message(12, Value($"{name}2", type, null, 2));
        }

        return Model(graph);
    }

    /// <summary>H float16 [batch,2] → Identity → H2: a type the API cannot carry.</summary>
    public static byte[] Float16Identity()
    {
        var graph = new ProtoWriter()
            .Message(1, Node("same", "Identity", ["H"], "H2"))
            .String(2, "half")
            .Message(11, Value("H", Float16, null, 2))
            .Message(12, Value("H2", Float16, null, 2));
        return Model(graph);
    }

    public static string Write(string directory, string name, byte[] model)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, model);
        return path;
    }

    private static byte[] Model(ProtoWriter graph) => new ProtoWriter()
        .Varint(1, 8)
        .String(2, "appliance-tests")
        .Message(7, graph)
        .Message(8, new ProtoWriter().String(1, "").Varint(2, 13))
        .ToArray();

    private static ProtoWriter Node(string name, string op, string[] inputs, string output)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        return node.String(2, output).String(3, name).String(4, op);
    }

    private static ProtoWriter Initializer(string name, int type, long[] dims, byte[] raw)
    {
        var tensor = new ProtoWriter();
        foreach (var dim in dims)
        {
            tensor.Varint(1, dim);
        }

        return tensor.Varint(2, type).String(8, name).Bytes(9, raw);
    }

    /// <summary>ValueInfoProto of a rank-2 tensor: [batch or fixed, width].</summary>
    private static ProtoWriter Value(string name, int type, int? fixedBatch, long width)
    {
        var first = fixedBatch is { } rows ? new ProtoWriter().Varint(1, rows) : new ProtoWriter().String(2, "batch");
        var shape = new ProtoWriter().Message(1, first).Message(1, new ProtoWriter().Varint(1, width));
        var tensorType = new ProtoWriter().Varint(1, type).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
