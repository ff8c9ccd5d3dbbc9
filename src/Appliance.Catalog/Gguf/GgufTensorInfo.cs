namespace Appliance.Catalog.Gguf;

/// <summary>
/// One tensor's description in a GGUF file. <paramref name="Dimensions"/> lists ne0 first
/// (the innermost, contiguous row length), as ggml does. <paramref name="Offset"/> is
/// relative to the start of the tensor data section.
/// </summary>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgmlType Type, long Offset)
{
    /// <summary>The product of the dimensions.</summary>
    public long ElementCount
    {
        get
        {
            var count = 1L;
            foreach (var d in Dimensions)
            {
                count = checked(count * d);
            }

            return count;
        }
    }

    /// <summary>Bytes of the tensor's data, or null for a type this library does not know.</summary>
    public long? ByteSize => GgmlTypeTraits.TryGetByteSize(Type, Dimensions);
}
