using System.Collections.Frozen;
using System.Globalization;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// Reads a GGUF file's header, metadata and tensor infos (never the tensor data), checking
/// the structure as llama.cpp does. Anything malformed (bad magic, unsupported version,
/// truncation, lengths the file cannot hold, tensors outside the file) throws an
/// <see cref="InvalidDataException"/> that says what is wrong.
/// </summary>
public static class GgufReader
{
    private const int MaxEntries = 1 << 24;
    private const int MaxDims = 4;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static GgufFile ReadFile(string path) => ModelFileStream.Read(path, Read);

    /// <summary>Reads from a seekable stream positioned at the start of the GGUF data (offsets are relative to it).</summary>
    public static GgufFile Read(Stream stream)
    {
        ModelFileStream.RequireSeekable(stream, "GGUF");

        var r = new GgufBinaryReader(stream);
        if (r.Remaining < 4)
        {
            throw GgufBinaryReader.Corrupt($"the file is {r.Remaining} bytes, too short for the GGUF magic");
        }

        var magic = r.ReadUInt32("magic");
        if (magic != GgufWriter.Magic)
        {
            throw GgufBinaryReader.Corrupt(string.Create(
                CultureInfo.InvariantCulture, $"bad magic 0x{magic:X8} (expected \"GGUF\"); this is not a GGUF file"));
        }

        var version = r.ReadUInt32("version");
        if (version is not (2 or 3))
        {
            var hint = version > 0xFFFF ? " (a big-endian file?)" : string.Empty;
            throw GgufBinaryReader.Corrupt($"unsupported version {version}{hint}; supported are 2 and 3");
        }

        // Minimum bytes per tensor info: name length, n_dims, one dim, type, offset.
        var tensorCount = r.ReadCount("tensor count", 8 + 4 + 8 + 4 + 8, MaxEntries);
        // Minimum bytes per key/value: key length, value type, a one-byte value.
        var kvCount = r.ReadCount("metadata count", 8 + 4 + 1, MaxEntries);
        var metadata = ReadMetadata(r, kvCount);

        var alignment = GgufWriter.DefaultAlignment;
        if (metadata.TryGetValue(GgufKeys.Alignment, out var alignmentValue))
        {
            var a = alignmentValue.Type == GgufValueType.UInt32 ? alignmentValue.AsUInt32() : 0;
            if (a == 0 || (a & (a - 1)) != 0 || a > 1 << 30)
            {
                throw GgufBinaryReader.Corrupt($"{GgufKeys.Alignment} must be a uint32 power of two, got {alignmentValue}");
            }

            alignment = (int)a;
        }

        var tensors = ReadTensorInfos(r, tensorCount, alignment);
        var dataOffset = GgufWriter.AlignUp(r.Position, alignment);
        CheckTensorExtents(tensors, dataOffset, r.Length);
        try
        {
            return new GgufFile((int)version, metadata, tensors, alignment, dataOffset, r.Length);
        }
        catch (OverflowException)
        {
            throw GgufBinaryReader.Corrupt("the tensors' element counts add up to more than 2^63");
        }
    }

    private static FrozenDictionary<string, GgufValue> ReadMetadata(GgufBinaryReader r, int count)
    {
        var metadata = new Dictionary<string, GgufValue>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = r.ReadString($"metadata key #{i}");
            var type = (GgufValueType)r.ReadUInt32($"type of '{key}'");
            var value = ReadValue(r, type, key);
            if (!metadata.TryAdd(key, value))
            {
                throw GgufBinaryReader.Corrupt($"duplicate metadata key '{key}'");
            }
        }

        return metadata.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static GgufValue ReadValue(GgufBinaryReader r, GgufValueType type, string key) => type switch
    {
        GgufValueType.UInt8 => GgufValue.FromUInt8(r.ReadByte(key)),
        GgufValueType.Int8 => GgufValue.FromInt8(unchecked((sbyte)r.ReadByte(key))),
        GgufValueType.UInt16 => GgufValue.FromUInt16(r.ReadUInt16(key)),
        GgufValueType.Int16 => GgufValue.FromInt16(unchecked((short)r.ReadUInt16(key))),
        GgufValueType.UInt32 => GgufValue.FromUInt32(r.ReadUInt32(key)),
        GgufValueType.Int32 => GgufValue.FromInt32(unchecked((int)r.ReadUInt32(key))),
        GgufValueType.Float32 => GgufValue.FromFloat32(r.ReadSingle(key)),
        GgufValueType.Bool => GgufValue.FromBool(ReadBool(r, key)),
        GgufValueType.String => GgufValue.FromString(r.ReadString(key)),
        GgufValueType.UInt64 => GgufValue.FromUInt64(r.ReadUInt64(key)),
        GgufValueType.Int64 => GgufValue.FromInt64(unchecked((long)r.ReadUInt64(key))),
        GgufValueType.Float64 => GgufValue.FromFloat64(r.ReadDouble(key)),
        GgufValueType.Array => ReadArray(r, key),
        _ => throw GgufBinaryReader.Corrupt($"metadata key '{key}' has unknown value type {(uint)type}"),
    };

    private static GgufValue ReadArray(GgufBinaryReader r, string key)
    {
        var elementType = (GgufValueType)r.ReadUInt32($"element type of '{key}'");
        var minBytes = elementType switch
        {
            GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
            GgufValueType.UInt16 or GgufValueType.Int16 => 2,
            GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
            GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
            GgufValueType.Array => throw GgufBinaryReader.Corrupt($"metadata key '{key}' is an array of arrays, which GGUF readers reject"),
            _ => throw GgufBinaryReader.Corrupt($"metadata key '{key}' is an array of unknown type {(uint)elementType}"),
        };
        var count = r.ReadCount($"element count of '{key}'", minBytes, MaxEntries);
        Array items = elementType switch
        {
            GgufValueType.UInt8 => Fill<byte>(count, _ => r.ReadByte(key)),
            GgufValueType.Int8 => Fill<sbyte>(count, _ => unchecked((sbyte)r.ReadByte(key))),
            GgufValueType.UInt16 => Fill<ushort>(count, _ => r.ReadUInt16(key)),
            GgufValueType.Int16 => Fill<short>(count, _ => unchecked((short)r.ReadUInt16(key))),
            GgufValueType.UInt32 => Fill<uint>(count, _ => r.ReadUInt32(key)),
            GgufValueType.Int32 => Fill<int>(count, _ => unchecked((int)r.ReadUInt32(key))),
            GgufValueType.Float32 => Fill<float>(count, _ => r.ReadSingle(key)),
            GgufValueType.Bool => Fill<bool>(count, _ => ReadBool(r, key)),
            GgufValueType.String => Fill<string>(count, i => r.ReadString($"element {i} of '{key}'")),
            GgufValueType.UInt64 => Fill<ulong>(count, _ => r.ReadUInt64(key)),
            GgufValueType.Int64 => Fill<long>(count, _ => unchecked((long)r.ReadUInt64(key))),
            _ => Fill<double>(count, _ => r.ReadDouble(key)),
        };
        return GgufValue.FromOwnedArray(elementType, items);
    }

    private static T[] Fill<T>(int count, Func<int, T> read)
    {
        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read(i);
        }

        return items;
    }

    private static bool ReadBool(GgufBinaryReader r, string key)
    {
        var b = r.ReadByte(key);
        return b <= 1 ? b == 1 : throw GgufBinaryReader.Corrupt($"metadata key '{key}' has bool byte {b}, expected 0 or 1");
    }

    private static GgufTensorInfo[] ReadTensorInfos(GgufBinaryReader r, int count, int alignment)
    {
        var tensors = new GgufTensorInfo[count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = r.ReadString($"name of tensor #{i}");
            if (!names.Add(name))
            {
                throw GgufBinaryReader.Corrupt($"duplicate tensor name '{name}'");
            }

            var nDims = r.ReadUInt32($"dimension count of tensor '{name}'");
            if (nDims is < 1 or > MaxDims)
            {
                throw GgufBinaryReader.Corrupt($"tensor '{name}' has {nDims} dimensions; 1 to {MaxDims} are allowed");
            }

            var dims = new long[nDims];
            for (var d = 0; d < nDims; d++)
            {
                var ne = r.ReadUInt64($"dimension {d} of tensor '{name}'");
                dims[d] = ne <= long.MaxValue ? (long)ne
                    : throw GgufBinaryReader.Corrupt($"tensor '{name}' has absurd dimension {ne}");
            }

            var type = (GgmlType)r.ReadUInt32($"type of tensor '{name}'");
            var offset = r.ReadUInt64($"offset of tensor '{name}'");
            if (offset % (ulong)alignment != 0 || offset > long.MaxValue)
            {
                throw GgufBinaryReader.Corrupt($"tensor '{name}' has offset {offset}, not a multiple of the alignment {alignment}");
            }

            tensors[i] = new GgufTensorInfo(name, dims, type, (long)offset);
        }

        return tensors;
    }

    private static void CheckTensorExtents(GgufTensorInfo[] tensors, long dataOffset, long fileLength)
    {
        foreach (var t in tensors)
        {
            long? bytes;
            try
            {
                _ = t.ElementCount;
                bytes = t.ByteSize;
                if (bytes is null && GgmlTypeTraits.TryGetBlock(t.Type, out var blockSize, out _))
                {
                    throw GgufBinaryReader.Corrupt(
                        $"tensor '{t.Name}' is {t.Type} but its row length {t.Dimensions[0]} is not a multiple of {blockSize}");
                }
            }
            catch (OverflowException)
            {
                throw GgufBinaryReader.Corrupt($"tensor '{t.Name}' has a shape whose size overflows");
            }

            // Unknown (newer) types cannot be sized; the file is still readable.
            var dataLength = fileLength - dataOffset; // compared this way round so nothing overflows
            if (t.Offset > dataLength || (bytes ?? 0) > dataLength - t.Offset)
            {
                throw GgufBinaryReader.Corrupt(string.Create(
                    CultureInfo.InvariantCulture,
                    $"truncated: tensor '{t.Name}' needs {bytes ?? 0} bytes at data offset {t.Offset} (file offset {dataOffset}) but the file has {fileLength} bytes"));
            }
        }
    }
}
