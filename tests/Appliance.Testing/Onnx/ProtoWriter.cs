using Google.Protobuf;

namespace Appliance.Testing.Onnx;

/// <summary>Writes one protobuf message field by field (enough of the wire format to encode an ONNX model).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The methods are named after protobuf field types.")]
public sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _output;

    public ProtoWriter()
    {
        _output = new CodedOutputStream(_buffer, leaveOpen: true);
    }

    public ProtoWriter Varint(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    public ProtoWriter String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray()
    {
        _output.Flush();
        return _buffer.ToArray();
    }
}
