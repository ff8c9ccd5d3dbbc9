using System.Text;
using Appliance.Catalog.Onnx;
using Appliance.Core.Inference;
using Appliance.Testing.Onnx;

namespace Appliance.Catalog.Tests.Onnx;

/// <summary>The protobuf reader of ONNX model files, on models encoded by hand.</summary>
public sealed class OnnxModelReaderTests
{
    [Fact]
    public void Read_AffineModel_GivesHeaderInputsAndOutputs()
    {
        var model = Read(TinyOnnxModel.Affine());

        Assert.Equal(8, model.IrVersion);
        Assert.Equal("appliance-tests", model.ProducerName);
        Assert.Null(model.ProducerVersion);
        Assert.Equal("affine", model.GraphName);
        Assert.Equal(new OnnxOpset("ai.onnx", 13), Assert.Single(model.Opsets));
        Assert.Equal(13, model.DefaultOpsetVersion);
        Assert.Equal(["X: float32 [batch, 3]", "N: int64 [batch, 1]"], model.Inputs.Select(i => i.ToString()));
        Assert.Equal(["Y: float32 [batch, 2]", "M: int64 [batch, 1]"], model.Outputs.Select(o => o.ToString()));
        Assert.Equal(TensorElementType.Float32, model.Inputs[0].WireType);
        Assert.Equal(TensorElementType.Int64, model.Inputs[1].WireType);
        Assert.Equal(3, model.InitializerCount);
        Assert.Empty(model.ExternalDataFiles);
        Assert.Null(model.PositionEmbeddingRows);
    }

    [Fact]
    public void Read_FixedBatch_ShowsTheNumber()
    {
        var model = Read(TinyOnnxModel.Affine(fixedBatch: 4));

        Assert.Equal(["4", "3"], model.Inputs[0].Shape!);
    }

    [Fact]
    public void Read_OtherElementTypes_NamesEachAndWhichTheApiCarries()
    {
        var types = Read(TinyOnnxModel.OtherTypesIdentity());
        var half = Read(TinyOnnxModel.Float16Identity());

        Assert.Equal(["float64", "int32", "uint8", "bool"], types.Inputs.Select(i => i.TypeName));
        Assert.All(types.Inputs, i => Assert.NotNull(i.WireType));
        Assert.Equal("float16", half.Inputs[0].TypeName);
        Assert.Null(half.Inputs[0].WireType);
    }

    [Fact]
    public void Read_InitializersListedAsInputs_LeavesThemOut()
    {
        // IR version 3 and older list every initializer among the graph's inputs too.
        var graph = new ProtoWriter()
            .Message(1, Node("Add", "X", "W", "Y"))
            .Message(5, new ProtoWriter().Varint(1, 2).Varint(2, 1).String(8, "W").Bytes(9, new byte[8]))
            .Message(11, Value("X", 1, "2"))
            .Message(11, Value("W", 1, "2"))
            .Message(12, Value("Y", 1, "2"));

        var model = Read(Model(graph, irVersion: 3));

        Assert.Equal("X", Assert.Single(model.Inputs).Name);
        Assert.Equal(1, model.InitializerCount);
    }

    [Fact]
    public void Read_ExternalDataAndPositionTable_Reported()
    {
        var external = new ProtoWriter()
            .Varint(1, 512).Varint(1, 8).Varint(2, 1).String(8, "embeddings.position_embeddings.weight")
            .Message(13, new ProtoWriter().String(1, "location").String(2, "model.onnx_data"))
            .Message(13, new ProtoWriter().String(1, "offset").String(2, "0"))
            .Varint(14, 1);
        var graph = new ProtoWriter()
            .Message(5, external)
            .Message(11, Value("input_ids", 7, "batch", "sequence"))
            .Message(12, Value("last_hidden_state", 1, "batch", "sequence", "8"));

        var model = Read(Model(graph));

        Assert.Equal(["model.onnx_data"], model.ExternalDataFiles);
        Assert.Equal(512, model.PositionEmbeddingRows);
        Assert.Equal("input_ids: int64 [batch, sequence]", Assert.Single(model.Inputs).ToString());
    }

    [Fact]
    public void Read_PackedDimsAndUnnamedDimensions_Understood()
    {
        // dims [3, 7] as one packed field: the varints 3 and 7 back to back.
        var initializer = new ProtoWriter().Bytes(1, [3, 7]).Varint(2, 1)
            .String(8, "position_embeddings").Bytes(9, new byte[84]);
        var unnamed = new ProtoWriter().String(1, "X")
            .Message(2, new ProtoWriter().Message(1, new ProtoWriter().Varint(1, 1)
                .Message(2, new ProtoWriter().Message(1, new ProtoWriter()).Message(1, new ProtoWriter().Varint(1, 5)))));
        var graph = new ProtoWriter().Message(5, initializer).Message(11, unnamed).Message(12, Value("Y", 1, "5"));

        var model = Read(Model(graph));

        Assert.Equal(3, model.PositionEmbeddingRows);
        Assert.Equal("X: float32 [?, 5]", Assert.Single(model.Inputs).ToString());
    }

    [Fact]
    public void Read_LargeWeights_SkipsTheirBytes()
    {
        var weights = new ProtoWriter().Varint(1, 1024).Varint(1, 1024).Varint(2, 1).String(8, "W").Bytes(9, new byte[4 << 20]);
        var graph = new ProtoWriter()
            .Message(1, Node("MatMul", "X", "W", "Y"))
            .Message(5, weights)
            .Message(11, Value("X", 1, "batch", "1024"))
            .Message(12, Value("Y", 1, "batch", "1024"));
        using var stream = new CountingStream(Model(graph));

        var model = OnnxModelReader.Read(stream);

        Assert.Equal("X", Assert.Single(model.Inputs).Name);
        Assert.True(stream.BytesRead < 1024, $"read {stream.BytesRead} bytes of a {stream.Length}-byte model");
    }

    public static TheoryData<string, byte[]> NotOnnx => new()
    {
        { "empty", [] },
        { "text", Encoding.UTF8.GetBytes("not a model\n") },
        { "json", Encoding.UTF8.GetBytes("{ \"id\": \"x\" }") },
        { "gguf", [.. "GGUF"u8, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
        { "truncated", TinyOnnxModel.Affine()[..40] },
        { "no graph", new ProtoWriter().Varint(1, 8).String(2, "x").ToArray() },
        { "no ir_version", new ProtoWriter().Message(7, new ProtoWriter().Message(12, Value("Y", 1, "1"))).ToArray() },
        { "zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00] },
    };

    [Theory]
    [MemberData(nameof(NotOnnx))]
    public void Read_NotAnOnnxModel_ThrowsSayingSo(string what, byte[] bytes)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(bytes));

        Assert.StartsWith("not a valid ONNX model", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void ReadFile_ReadsFromDisk()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("m.onnx", TinyOnnxModel.Affine());

        Assert.Equal(2, OnnxModelReader.ReadFile(path).Outputs.Count);
    }

    private static OnnxModelInfo Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return OnnxModelReader.Read(stream);
    }

    private static byte[] Model(ProtoWriter graph, long irVersion = 8) => new ProtoWriter()
        .Varint(1, irVersion)
        .Message(7, graph)
        .Message(8, new ProtoWriter().Varint(2, 13))
        .ToArray();

    private static ProtoWriter Node(string op, string a, string b, string output) =>
        new ProtoWriter().String(1, a).String(1, b).String(2, output).String(4, op);

    private static ProtoWriter Value(string name, int type, params string[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            shape.Message(1, long.TryParse(dim, out var n) ? new ProtoWriter().Varint(1, n) : new ProtoWriter().String(2, dim));
        }

        var tensor = new ProtoWriter().Varint(1, type).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor));
    }

    /// <summary>A read-only memory stream that counts the bytes handed out.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            BytesRead += read;
            return read;
        }

        public override int ReadByte()
        {
            var b = base.ReadByte();
            BytesRead += b < 0 ? 0 : 1;
            return b;
        }
    }
}
