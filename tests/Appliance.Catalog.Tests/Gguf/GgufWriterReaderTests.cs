namespace Appliance.Catalog.Tests.Gguf;

public sealed class GgufWriterReaderTests
{
    [Fact]
    public void WriteTo_EveryMetadataType_ReadsBackSameTypesAndValues()
    {
        var writer = new GgufWriter();
        writer.AddMetadata("u8", GgufValue.FromUInt8(200));
        writer.AddMetadata("i8", GgufValue.FromInt8(-100));
        writer.AddMetadata("u16", GgufValue.FromUInt16(60000));
        writer.AddMetadata("i16", GgufValue.FromInt16(-30000));
        writer.AddMetadata("u32", GgufValue.FromUInt32(4_000_000_000));
        writer.AddMetadata("i32", GgufValue.FromInt32(-2_000_000_000));
        writer.AddMetadata("f32", GgufValue.FromFloat32(1e-5f));
        writer.AddMetadata("bool.true", GgufValue.FromBool(true));
        writer.AddMetadata("bool.false", GgufValue.FromBool(false));
        writer.AddMetadata("str", GgufValue.FromString("héllo 患者 ▁x"));
        writer.AddMetadata("empty", GgufValue.FromString(string.Empty));
        writer.AddMetadata("u64", GgufValue.FromUInt64(ulong.MaxValue));
        writer.AddMetadata("i64", GgufValue.FromInt64(long.MinValue));
        writer.AddMetadata("f64", GgufValue.FromFloat64(Math.PI));
        writer.AddMetadata("a.str", GgufValue.FromArray(new[] { "<unk>", string.Empty, "胸痛" }));
        writer.AddMetadata("a.i32", GgufValue.FromArray(new[] { 1, -2, int.MaxValue }));
        writer.AddMetadata("a.f32", GgufValue.FromArray(new[] { 0.5f, -1f, float.MaxValue }));
        writer.AddMetadata("a.u8", GgufValue.FromArray(new byte[] { 1, 2, 255 }));
        writer.AddMetadata("a.bool", GgufValue.FromArray(new[] { true, false }));
        writer.AddMetadata("a.u64", GgufValue.FromArray(new[] { 0UL, ulong.MaxValue }));
        writer.AddMetadata("a.f64", GgufValue.FromArray(new[] { double.Epsilon }));
        writer.AddMetadata("a.i16", GgufValue.FromArray(new short[] { -1 }));
        writer.AddMetadata("a.empty", GgufValue.FromArray(Array.Empty<int>()));

        var file = RoundTrip(writer);

        Assert.Equal(3, file.Version);
        Assert.Equal(23, file.Metadata.Count);
        Assert.Equal((byte)200, file.Get("u8").Value);
        Assert.Equal((sbyte)-100, file.Get("i8").Value);
        Assert.Equal((ushort)60000, file.Get("u16").Value);
        Assert.Equal((short)-30000, file.Get("i16").Value);
        Assert.Equal(4_000_000_000u, file.GetUInt32("u32"));
        Assert.Equal(GgufValueType.Int32, file.Get("i32").Type);
        Assert.Equal(-2_000_000_000L, file.GetInt64("i32"));
        Assert.Equal(1e-5f, file.GetSingle("f32"));
        Assert.True(file.GetBoolean("bool.true"));
        Assert.False(file.GetBoolean("bool.false"));
        Assert.Equal("héllo 患者 ▁x", file.GetString("str"));
        Assert.Equal(string.Empty, file.GetString("empty"));
        Assert.Equal(ulong.MaxValue, file.GetUInt64("u64"));
        Assert.Equal(long.MinValue, file.GetInt64("i64"));
        Assert.Equal(Math.PI, file.Get("f64").AsDouble());
        Assert.Equal(GgufValueType.Array, file.Get("a.str").Type);
        Assert.Equal(GgufValueType.String, file.Get("a.str").ElementType);
        Assert.Equal(new[] { "<unk>", string.Empty, "胸痛" }, file.GetArray<string>("a.str"));
        Assert.Equal(new[] { 1, -2, int.MaxValue }, file.Get("a.i32").AsInt32Array());
        Assert.Equal(new[] { 0.5f, -1f, float.MaxValue }, file.Get("a.f32").AsFloat32Array());
        Assert.Equal(new byte[] { 1, 2, 255 }, file.GetArray<byte>("a.u8"));
        Assert.Equal(new[] { true, false }, file.GetArray<bool>("a.bool"));
        Assert.Equal(new[] { 0UL, ulong.MaxValue }, file.GetArray<ulong>("a.u64"));
        Assert.Equal(new[] { double.Epsilon }, file.GetArray<double>("a.f64"));
        Assert.Equal(new short[] { -1 }, file.GetArray<short>("a.i16"));
        Assert.Empty(file.GetArray<int>("a.empty"));
    }

    [Fact]
    public void Accessors_MissingOrMistypedKey_ThrowInvalidDataNamingKeyAndTryGetReturnsFalse()
    {
        var writer = new GgufWriter();
        writer.AddMetadata("name", GgufValue.FromString("x"));
        writer.AddMetadata("negative", GgufValue.FromInt32(-1));
        var file = RoundTrip(writer);

        Assert.Contains("'absent'", Assert.Throws<InvalidDataException>(() => file.GetString("absent")).Message, StringComparison.Ordinal);
        Assert.Contains("'name'", Assert.Throws<InvalidDataException>(() => file.GetUInt32("name")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => file.GetUInt32("negative"));
        Assert.Throws<InvalidDataException>(() => file.GetArray<int>("name"));
        Assert.False(file.TryGetUInt32("name", out _));
        Assert.False(file.TryGetUInt32("negative", out _));
        Assert.False(file.TryGetString("negative", out _));
        Assert.False(file.TryGetString("absent", out _));
        Assert.True(file.TryGetString("name", out var name));
        Assert.Equal("x", name);
        Assert.Null(file.Architecture);
        Assert.Null(file.ChatTemplate);
    }

    [Fact]
    public void WriteTo_Tensors_InfosOffsetsAndDataAreAligned()
    {
        var writer = new GgufWriter();
        writer.AddMetadata("general.architecture", GgufValue.FromString("test"));
        var a = Enumerable.Range(0, 3).Select(i => (float)i).ToArray();          // 12 bytes
        var b = Enumerable.Range(0, 10).Select(i => i * 0.25f).ToArray();        // 20 bytes as F16
        var c = Enumerable.Range(0, 64).Select(i => (i - 32) / 8f).ToArray();    // 2 Q8_0 blocks, 68 bytes
        writer.AddTensor("a", [3], GgmlType.F32, a);
        writer.AddTensor("b", [5, 2], GgmlType.F16, b);
        writer.AddTensor("c", [32, 2], GgmlType.Q8_0, c);

        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        var bytes = stream.ToArray();
        var file = GgufReader.Read(new MemoryStream(bytes));

        Assert.Equal(32, file.Alignment);
        Assert.Equal(0, file.TensorDataOffset % 32);
        Assert.Collection(
            file.Tensors,
            t => AssertTensor(t, "a", [3], GgmlType.F32, 0),
            t => AssertTensor(t, "b", [5, 2], GgmlType.F16, 32),
            t => AssertTensor(t, "c", [32, 2], GgmlType.Q8_0, 64));
        Assert.Equal(3 + 10 + 64, file.ParameterCount);
        Assert.Equal(file.TensorDataOffset + 64 + 96, bytes.Length); // last tensor padded too
        Assert.All(bytes[(int)(file.TensorDataOffset + 12)..(int)(file.TensorDataOffset + 32)], x => Assert.Equal(0, x));
        Assert.Equal(a, Decode(bytes, file, 0));
        Assert.Equal(b, Decode(bytes, file, 1));
        var decodedC = Decode(bytes, file, 2);
        Assert.All(c.Zip(decodedC), p => Assert.InRange(p.Second - p.First, -0.02f, 0.02f));
    }

    [Fact]
    public void WriteTo_NonDefaultAlignment_RecordsGeneralAlignmentAndAlignsToIt()
    {
        var writer = new GgufWriter(alignment: 256);
        writer.AddTensor("x", [4], GgmlType.F32, new float[] { 1, 2, 3, 4 });
        writer.AddTensor("y", [4], GgmlType.F32, new float[] { 5, 6, 7, 8 });

        var file = RoundTrip(writer);

        Assert.Equal(256u, file.GetUInt32("general.alignment"));
        Assert.Equal(256, file.Alignment);
        Assert.Equal(0, file.TensorDataOffset % 256);
        Assert.Equal(256, file.Tensors[1].Offset);
    }

    [Fact]
    public void WriteTo_ProducerWritesTooFewBytes_ThrowsNamingTensor()
    {
        var writer = new GgufWriter();
        writer.AddTensor("short", [8], GgmlType.F32, sink => sink.WriteValues(new float[4]));

        var error = Assert.Throws<InvalidOperationException>(() => writer.WriteTo(new MemoryStream()));
        Assert.Contains("'short'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteTo_ProducerWritesTooManyBytes_Throws()
    {
        var writer = new GgufWriter();
        writer.AddTensor("long", [4], GgmlType.F32, sink => sink.WriteValues(new float[8]));

        Assert.Throws<InvalidOperationException>(() => writer.WriteTo(new MemoryStream()));
    }

    [Fact]
    public void AddTensor_InvalidShapesAndDuplicates_Throw()
    {
        var writer = new GgufWriter();
        writer.AddTensor("t", [32], GgmlType.Q4_0, new float[32]);
        writer.AddMetadata("k", GgufValue.FromBool(true));

        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", [32], GgmlType.F32, new float[32]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("rows", [48], GgmlType.Q8_0, new float[48]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("dims", [1, 1, 1, 1, 1], GgmlType.F32, new float[1]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("k4", [256], GgmlType.Q4_K, new float[256]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor(new string('n', 64), [1], GgmlType.F32, new float[1]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("count", [8], GgmlType.F32, new float[7]));
        Assert.Throws<ArgumentException>(() => writer.AddMetadata("k", GgufValue.FromBool(false)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GgufWriter(alignment: 48));
    }

    [Fact]
    public void Read_StreamNotAtZero_OffsetsAreRelativeToStart()
    {
        var writer = new GgufWriter();
        writer.AddMetadata("k", GgufValue.FromString("v"));
        writer.AddTensor("t", [4], GgmlType.F32, new float[] { 1, 2, 3, 4 });
        using var stream = new MemoryStream();
        stream.Write(new byte[100]);
        writer.WriteTo(stream);
        stream.Position = 100;

        var file = GgufReader.Read(stream);

        Assert.Equal("v", file.GetString("k"));
        Assert.Equal(stream.Length - 100, file.FileLength);
        Assert.Equal(0, file.TensorDataOffset % 32);
    }

    internal static GgufFile RoundTrip(GgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        stream.Position = 0;
        return GgufReader.Read(stream);
    }

    private static void AssertTensor(GgufTensorInfo t, string name, long[] dims, GgmlType type, long offset)
    {
        Assert.Equal(name, t.Name);
        Assert.Equal(dims, t.Dimensions);
        Assert.Equal(type, t.Type);
        Assert.Equal(offset, t.Offset);
    }

    private static float[] Decode(byte[] file, GgufFile info, int tensor)
    {
        var t = info.Tensors[tensor];
        var values = new float[t.ElementCount];
        var start = (int)(info.TensorDataOffset + t.Offset);
        GgmlQuantizer.Decode(t.Type, file.AsSpan(start, (int)t.ByteSize!.Value), values);
        return values;
    }
}
