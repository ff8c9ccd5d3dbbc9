using System.Globalization;
using System.Text;

namespace Appliance.Catalog.Onnx;

/// <summary>
/// Reads the protobuf wire format from a seekable stream, one field at a time, inside regions
/// whose end the caller passes (the file, or an embedded message). A field that is not wanted is
/// skipped by seeking, so tensor data (most of an ONNX file) is never read. Every length is checked
/// against its region before anything is allocated or skipped; anything malformed throws an
/// <see cref="InvalidDataException"/> naming what was being read and the offset.
/// </summary>
internal sealed class ProtoWireReader
{
    /// <summary>Names, producers and dimension symbols are short; this refuses a misread length.</summary>
    private const int MaxStringBytes = 1 << 20;

    private const int MaxVarintBytes = 10;
    private readonly Stream _stream;

    public ProtoWireReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Absolute offset in the stream.</summary>
    public long Position => _stream.Position;

    /// <summary>The stream's length: the end of the outermost region.</summary>
    public long Length => _stream.Length;

    /// <summary>Reads the next field's tag, or returns false when the region ending at <paramref name="end"/> is exhausted.</summary>
    public bool TryReadTag(long end, out int field, out ProtoWireType wireType)
    {
        field = 0;
        wireType = ProtoWireType.Varint;
        if (Position >= end)
        {
            return false;
        }

        var start = Position;
        var tag = ReadVarint(end, "a field tag");
        var number = tag >> 3;
        if (number is 0 or > (1 << 29) - 1)
        {
            throw Corrupt(start, $"field number {number} is not a protobuf field number");
        }

        field = (int)number;
        wireType = (ProtoWireType)(tag & 7);
        return true;
    }

    /// <summary>Reads a varint (up to 10 bytes) that must end before <paramref name="end"/>.</summary>
    public ulong ReadVarint(long end, string what)
    {
        var start = Position;
        ulong value = 0;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            var b = Position < end ? _stream.ReadByte() : -1;
            if (b < 0)
            {
                throw Corrupt(start, $"truncated: {what} runs past the end of its message");
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Corrupt(start, $"{what} is a varint longer than {MaxVarintBytes} bytes");
    }

    /// <summary>A varint read as protobuf's int64 (two's complement over ten bytes for negatives).</summary>
    public long ReadInt64(long end, string what) => unchecked((long)ReadVarint(end, what));

    /// <summary>Reads a length prefix and returns the absolute end of the bytes it announces.</summary>
    public long ReadLength(long end, string what)
    {
        var start = Position;
        var length = ReadVarint(end, what + " length");
        var available = end - Position;
        if (length > (ulong)available)
        {
            throw Corrupt(start, string.Create(
                CultureInfo.InvariantCulture, $"{what} claims {length} bytes but only {available} remain in its message"));
        }

        return Position + (long)length;
    }

    /// <summary>Reads a length-delimited UTF-8 string.</summary>
    public string ReadString(long end, string what)
    {
        var start = Position;
        var stop = ReadLength(end, what);
        var length = stop - Position;
        if (length > MaxStringBytes)
        {
            throw Corrupt(start, string.Create(
                CultureInfo.InvariantCulture, $"{what} is {length} bytes, more than the {MaxStringBytes} a name may have"));
        }

        var bytes = new byte[length];
        _stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Skips one field's value of type <paramref name="wireType"/> without reading its bytes.</summary>
    public void Skip(ProtoWireType wireType, long end, string what)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                ReadVarint(end, what);
                break;
            case ProtoWireType.Fixed64:
                SkipBytes(8, end, what);
                break;
            case ProtoWireType.Fixed32:
                SkipBytes(4, end, what);
                break;
            case ProtoWireType.LengthDelimited:
                _stream.Position = ReadLength(end, what);
                break;
            default:
                throw Corrupt(Position, $"{what} uses wire type {(int)wireType}, which ONNX files never use");
        }
    }

    /// <summary>The error for malformed input at <paramref name="offset"/>.</summary>
    public static InvalidDataException Corrupt(long offset, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"not a valid ONNX model: at offset {offset}, {problem}"));

    private void SkipBytes(int count, long end, string what)
    {
        if (end - Position < count)
        {
            throw Corrupt(Position, $"truncated: {what} runs past the end of its message");
        }

        _stream.Position += count;
    }
}
