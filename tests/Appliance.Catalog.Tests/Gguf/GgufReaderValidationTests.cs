using System.Buffers.Binary;
using System.Text;

namespace Appliance.Catalog.Tests.Gguf;

public sealed class GgufReaderValidationTests
{
    [Fact]
    public void Read_BadMagic_ThrowsInvalidDataNamingMagic()
    {
        var bytes = SmallFile();
        bytes[0] = (byte)'X';

        var error = Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(bytes)));

        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyOrTinyFile_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream([])));
        Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream("GG"u8.ToArray())));
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(0x03000000u)]
    public void Read_UnsupportedVersion_ThrowsInvalidDataNamingVersion(uint version)
    {
        var bytes = SmallFile();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), version);

        var error = Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(bytes)));

        Assert.Contains("version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EveryTruncation_ThrowsInvalidDataOnly()
    {
        var bytes = SmallFile();
        var full = GgufReader.Read(new MemoryStream(bytes));
        var t = Assert.Single(full.Tensors);
        var dataEnd = full.TensorDataOffset + t.Offset + t.ByteSize!.Value; // padding after it is optional

        for (var length = 0; length < dataEnd; length++)
        {
            var prefix = new MemoryStream(bytes, 0, length);
            var error = Assert.Throws<InvalidDataException>(() => GgufReader.Read(prefix));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Fact]
    public void Read_TruncatedInTensorData_ThrowsNamingTensor()
    {
        var bytes = SmallFile();

        var error = Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(bytes, 0, bytes.Length - 40)));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeStringLength_ThrowsWithoutAllocating()
    {
        // Header, then one key whose length claims 2^62 bytes.
        var bytes = Header(tensors: 0, kvs: 1);
        bytes = [.. bytes, .. Le64(1UL << 62), .. new byte[32]];

        var error = Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(bytes)));

        Assert.Contains("metadata key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeArrayCount_ThrowsWithoutAllocating()
    {
        var bytes = Header(tensors: 0, kvs: 1);
        bytes = [.. bytes, .. Le64(1), .. "a"u8, .. Le32((uint)GgufValueType.Array), .. Le32((uint)GgufValueType.Int32), .. Le64(1UL << 40)];

        var error = Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(bytes)));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeCounts_ThrowInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(Header(tensors: ulong.MaxValue, kvs: 0))));
        Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(Header(tensors: 0, kvs: 1UL << 40))));
    }

    [Fact]
    public void Read_UnknownValueType_ThrowsInvalidData()
    {
        var bytes = Header(tensors: 0, kvs: 1);
        bytes = [.. bytes, .. Le64(1), .. "k"u8, .. Le32(99), .. Le32(0)];

        Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void Read_DuplicateKey_ThrowsInvalidData()
    {
        byte[] kv = [.. Le64(1), .. "k"u8, .. Le32((uint)GgufValueType.UInt8), 7];
        byte[] bytes = [.. Header(tensors: 0, kvs: 2), .. kv, .. kv];

        var error = Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(bytes)));

        Assert.Contains("duplicate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RandomGarbageAfterMagic_ThrowsInvalidDataOnly()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(8, 300)];
            random.NextBytes(bytes);
            "GGUF"u8.CopyTo(bytes);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 3);

            Assert.Throws<InvalidDataException>(() => GgufReader.Read(new MemoryStream(bytes)));
        }
    }

    [Fact]
    public void ReadFile_WrittenFile_ReadsTensorInfos()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gguf-{Guid.NewGuid():N}.gguf");
        try
        {
            File.WriteAllBytes(path, SmallFile());

            var file = GgufReader.ReadFile(path);

            Assert.Equal("w", Assert.Single(file.Tensors).Name);
            Assert.Equal(new FileInfo(path).Length, file.FileLength);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] SmallFile()
    {
        var writer = new GgufWriter();
        writer.AddMetadata("general.architecture", GgufValue.FromString("llama"));
        writer.AddMetadata("tokens", GgufValue.FromArray(new[] { "a", "bc" }));
        writer.AddTensor("w", [32, 2], GgmlType.Q4_0, new float[64]);
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    private static byte[] Header(ulong tensors, ulong kvs) =>
        [.. Encoding.ASCII.GetBytes("GGUF"), .. Le32(3), .. Le64(tensors), .. Le64(kvs)];

    private static byte[] Le32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }

    private static byte[] Le64(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return b;
    }
}
