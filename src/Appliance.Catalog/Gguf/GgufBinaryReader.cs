using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// Little-endian primitive reads from a seekable stream that turn every short read into an
/// <see cref="InvalidDataException"/> naming what was being read and where, and refuse
/// lengths that the rest of the file cannot hold (so a corrupt length never allocates).
/// </summary>
internal sealed class GgufBinaryReader
{
    private const int MaxStringBytes = 16 * 1024 * 1024;
    private readonly Stream _stream;
    private readonly long _origin;
    private readonly byte[] _scratch = new byte[8];

    /// <summary>Reads from the stream's current position, which becomes offset 0.</summary>
    public GgufBinaryReader(Stream stream)
    {
        _stream = stream;
        _origin = stream.Position;
        Length = stream.Length - _origin;
    }

    /// <summary>Bytes from the origin to the end of the stream.</summary>
    public long Length { get; }

    /// <summary>Offset from the origin.</summary>
    public long Position => _stream.Position - _origin;

    public long Remaining => Length - Position;

    public byte ReadByte(string what) => Fill(1, what)[0];

    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Fill(2, what));

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Fill(4, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Fill(8, what));

    public float ReadSingle(string what) => BinaryPrimitives.ReadSingleLittleEndian(Fill(4, what));

    public double ReadDouble(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Fill(8, what));

    public string ReadString(string what)
    {
        var start = Position;
        var length = ReadUInt64(what + " length");
        if (length > MaxStringBytes || (long)length > Remaining)
        {
            throw Corrupt($"{what} at offset {start} claims {length} bytes but only {Remaining} remain in the file");
        }

        var bytes = new byte[(int)length];
        ReadExactly(bytes, what);

        // Lenient on purpose: some real vocabularies hold pieces that are not valid UTF-8 on
        // their own; they become U+FFFD here rather than making the whole file unreadable.
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Reads an element/entry count and checks that, at <paramref name="minBytesEach"/> bytes
    /// per element, the rest of the file can hold that many.
    /// </summary>
    public int ReadCount(string what, int minBytesEach, int max)
    {
        var start = Position;
        var count = ReadUInt64(what);
        if (count > (ulong)max || (long)count * minBytesEach > Remaining)
        {
            throw Corrupt(string.Create(
                CultureInfo.InvariantCulture,
                $"{what} at offset {start} is {count}, more than the file can hold (truncated or corrupt)"));
        }

        return (int)count;
    }

    public void ReadExactly(Span<byte> destination, string what)
    {
        var start = Position;
        var read = _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            throw Corrupt($"truncated: the file ends at offset {start + read} while reading {what} ({destination.Length} bytes)");
        }
    }

    public static InvalidDataException Corrupt(string message) => new($"Invalid GGUF file: {message}.");

    private byte[] Fill(int bytes, string what)
    {
        ReadExactly(_scratch.AsSpan(0, bytes), what);
        return _scratch;
    }
}
