namespace Appliance.Catalog.Gguf;

/// <summary>
/// Receives one tensor's data while <see cref="GgufWriter"/> streams a file: values are
/// encoded to the tensor's type (quantized where it is a block type) and written straight
/// to the output, so no tensor needs to exist in memory whole. Values arrive in ggml order
/// (row after row, ne0 contiguous); for block types each call carries a multiple of 32.
/// </summary>
public sealed class GgufTensorDataWriter
{
    private const int ChunkValues = 8192;
    private readonly Stream _output;
    private readonly byte[] _buffer;

    internal GgufTensorDataWriter(Stream output, GgufTensorInfo tensor, long expectedBytes, byte[] buffer)
    {
        _output = output;
        Tensor = tensor;
        ExpectedBytes = expectedBytes;
        _buffer = buffer;
    }

    /// <summary>The tensor being written.</summary>
    public GgufTensorInfo Tensor { get; }

    /// <summary>The bytes the tensor's data must come to.</summary>
    public long ExpectedBytes { get; }

    /// <summary>The bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Minimum size of the scratch buffer the writer shares between tensors.</summary>
    internal static int BufferBytes => ChunkValues * 4;

    /// <summary>Encodes and writes the next values of the tensor.</summary>
    public void WriteValues(ReadOnlySpan<float> values)
    {
        var granularity = GgmlQuantizer.Granularity(Tensor.Type);
        if (values.Length % granularity != 0)
        {
            throw new ArgumentException(
                $"Tensor '{Tensor.Name}' is {Tensor.Type}: write values in multiples of {granularity}, got {values.Length}.",
                nameof(values));
        }

        while (!values.IsEmpty)
        {
            var chunk = values[..Math.Min(values.Length, ChunkValues)];
            var bytes = GgmlQuantizer.EncodedBytes(Tensor.Type, chunk.Length);
            Reserve(bytes);
            GgmlQuantizer.Encode(Tensor.Type, chunk, _buffer);
            _output.Write(_buffer, 0, bytes);
            values = values[chunk.Length..];
        }
    }

    /// <summary>Writes already-encoded bytes of the tensor's type.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        _output.Write(bytes);
    }

    private void Reserve(int bytes)
    {
        if (BytesWritten + bytes > ExpectedBytes)
        {
            throw new InvalidOperationException(
                $"Tensor '{Tensor.Name}' takes {ExpectedBytes} bytes; writing {bytes} more after {BytesWritten} overruns it.");
        }

        BytesWritten += bytes;
    }
}
