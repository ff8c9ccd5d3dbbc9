using System.Text;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// Writes a GGUF v3 file (little-endian): header, metadata, tensor infos, then each
/// tensor's data aligned to <see cref="Alignment"/>. Tensors are described up front
/// (name, shape, type) with a callback that produces their data when the file is written,
/// so offsets are computed from sizes and data is streamed tensor by tensor.
/// </summary>
public sealed class GgufWriter
{
    public const int DefaultAlignment = 32;
    internal const uint Magic = 0x46554747; // "GGUF" read as little-endian uint32
    internal const uint Version = 3;
    private const int MaxTensorNameBytes = 63; // ggml's GGML_MAX_NAME is 64 including the NUL

    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<(GgufTensorInfo Info, long Bytes, Action<GgufTensorDataWriter> Produce)> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);
    private long _nextOffset;

    /// <param name="alignment">Alignment of the data section and of each tensor; a power of two.
    /// Any value but 32 is recorded as <c>general.alignment</c>.</param>
    public GgufWriter(int alignment = DefaultAlignment)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "Alignment must be a power of two.");
        }

        Alignment = alignment;
        if (alignment != DefaultAlignment)
        {
            AddMetadata(GgufKeys.Alignment, GgufValue.FromUInt32((uint)alignment));
        }
    }

    public int Alignment { get; }

    /// <summary>The tensors added so far, with the offsets they will have.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => _tensors.ConvertAll(t => t.Info);

    /// <summary>Adds a metadata key; keys are written in the order added and must be unique.</summary>
    public void AddMetadata(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        _metadata.Add(new(key, value));
    }

    /// <summary>
    /// Adds a tensor whose data <c>produce</c> writes when the file is written (it is called
    /// once per <see cref="WriteTo"/>). Dimensions list ne0 (the row length) first, at most 4.
    /// </summary>
    public GgufTensorInfo AddTensor(
        string name, IReadOnlyList<long> dimensions, GgmlType type, Action<GgufTensorDataWriter> produce)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(produce);
        if (Encoding.UTF8.GetByteCount(name) > MaxTensorNameBytes)
        {
            throw new ArgumentException($"Tensor name '{name}' is longer than {MaxTensorNameBytes} bytes.", nameof(name));
        }

        if (dimensions.Count is < 1 or > 4 || dimensions.Any(d => d < 1))
        {
            throw new ArgumentException($"Tensor '{name}' needs 1 to 4 positive dimensions.", nameof(dimensions));
        }

        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0))
        {
            throw new ArgumentException($"Writing ggml type {type} is not supported.", nameof(type));
        }

        var bytes = GgmlTypeTraits.TryGetByteSize(type, dimensions)
            ?? throw new ArgumentException(
                $"Tensor '{name}': row length {dimensions[0]} is not a multiple of the {type} block size.", nameof(dimensions));
        if (!_tensorNames.Add(name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        var info = new GgufTensorInfo(name, dimensions.ToArray(), type, _nextOffset);
        _tensors.Add((info, bytes, produce));
        _nextOffset = AlignUp(_nextOffset + bytes, Alignment);
        return info;
    }

    /// <summary>Adds a tensor from values held in memory (encoded to <paramref name="type"/> on write).</summary>
    public GgufTensorInfo AddTensor(string name, IReadOnlyList<long> dimensions, GgmlType type, ReadOnlyMemory<float> values)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        var elements = dimensions.Aggregate(1L, (product, d) => product * d);
        if (elements != values.Length)
        {
            throw new ArgumentException($"Tensor '{name}' has {elements} elements but {values.Length} values were given.", nameof(values));
        }

        return AddTensor(name, dimensions, type, w => w.WriteValues(values.Span));
    }

    /// <summary>Writes the whole file to <paramref name="output"/> (which is left open).</summary>
    public void WriteTo(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var header = BuildHeader();
        output.Write(header.GetBuffer(), 0, (int)header.Length);
        WritePadding(output, header.Length);

        var buffer = new byte[GgufTensorDataWriter.BufferBytes];
        foreach (var (info, bytes, produce) in _tensors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sink = new GgufTensorDataWriter(output, info, bytes, buffer);
            produce(sink);
            if (sink.BytesWritten != bytes)
            {
                throw new InvalidOperationException(
                    $"Tensor '{info.Name}' takes {bytes} bytes but its producer wrote {sink.BytesWritten}.");
            }

            WritePadding(output, bytes);
        }

        output.Flush();
    }

    internal static long AlignUp(long value, int alignment) => (value + alignment - 1) & ~((long)alignment - 1);

    private MemoryStream BuildHeader()
    {
        var header = new MemoryStream();
        using var w = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true); // always little-endian
        w.Write(Magic);
        w.Write(Version);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(w, key);
            w.Write((uint)value.Type);
            WriteValue(w, value);
        }

        foreach (var (info, _, _) in _tensors)
        {
            WriteString(w, info.Name);
            w.Write((uint)info.Dimensions.Count);
            foreach (var d in info.Dimensions)
            {
                w.Write((ulong)d);
            }

            w.Write((uint)info.Type);
            w.Write((ulong)info.Offset);
        }

        w.Flush();
        return header;
    }

    private static void WriteValue(BinaryWriter w, GgufValue value)
    {
        if (value.Value is Array items)
        {
            w.Write((uint)value.ElementType!.Value);
            w.Write((ulong)items.Length);
            foreach (var item in items)
            {
                WriteScalar(w, item);
            }

            return;
        }

        WriteScalar(w, value.Value);
    }

    private static void WriteScalar(BinaryWriter w, object value)
    {
        switch (value)
        {
            case byte v: w.Write(v); break;
            case sbyte v: w.Write(v); break;
            case ushort v: w.Write(v); break;
            case short v: w.Write(v); break;
            case uint v: w.Write(v); break;
            case int v: w.Write(v); break;
            case float v: w.Write(v); break;
            case bool v: w.Write(v ? (byte)1 : (byte)0); break;
            case string v: WriteString(w, v); break;
            case ulong v: w.Write(v); break;
            case long v: w.Write(v); break;
            case double v: w.Write(v); break;
            default: throw new InvalidOperationException($"Unexpected GGUF value {value.GetType().Name}.");
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private void WritePadding(Stream output, long written)
    {
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        for (var padding = AlignUp(written, Alignment) - written; padding > 0; padding -= zeros.Length)
        {
            output.Write(zeros[..(int)Math.Min(padding, zeros.Length)]);
        }
    }
}
