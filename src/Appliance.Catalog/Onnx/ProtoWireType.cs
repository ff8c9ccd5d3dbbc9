namespace Appliance.Catalog.Onnx;

/// <summary>The protobuf wire types (the low three bits of a field tag).</summary>
internal enum ProtoWireType
{
    /// <summary>A varint: int32, int64, uint64, bool, enum.</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes: fixed64, sfixed64, double.</summary>
    Fixed64 = 1,

    /// <summary>A varint length, then that many bytes: string, bytes, embedded message, packed repeated.</summary>
    LengthDelimited = 2,

    /// <summary>Deprecated groups; ONNX never uses them.</summary>
    StartGroup = 3,

    /// <summary>Deprecated groups; ONNX never uses them.</summary>
    EndGroup = 4,

    /// <summary>Four little-endian bytes: fixed32, sfixed32, float.</summary>
    Fixed32 = 5,
}
