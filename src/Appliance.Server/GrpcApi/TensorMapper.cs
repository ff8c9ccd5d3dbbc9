using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Google.Protobuf;

namespace Appliance.Server.GrpcApi;

/// <summary>Tensors between the wire (InferTensor, KServe v2 style) and the domain (NamedTensor).</summary>
internal static class TensorMapper
{
    private static readonly Dictionary<string, TensorElementType> Types = Enum.GetValues<TensorElementType>()
        .ToDictionary(TensorTypes.Name, t => t, StringComparer.Ordinal);

    /// <summary>
    /// The tensor with the contents field matching its datatype; the other fields are ignored.
    /// Only the datatype is checked here; names, shapes and lengths are checked against the
    /// model before queueing.
    /// </summary>
    public static NamedTensor ToDomain(InferTensor tensor, string field)
    {
        if (!Types.TryGetValue(tensor.Datatype, out var type))
        {
            throw new InvalidRequestException($"{field}.datatype", $"must be one of {string.Join(", ", Types.Keys)}");
        }

        var contents = tensor.Contents ?? new TensorContents();
        Array data = type switch
        {
            TensorElementType.Float32 => contents.Fp32Contents.ToArray(),
            TensorElementType.Float64 => contents.Fp64Contents.ToArray(),
            TensorElementType.Int32 => contents.IntContents.ToArray(),
            TensorElementType.Int64 => contents.Int64Contents.ToArray(),
            TensorElementType.UInt8 => contents.Uint8Contents.ToByteArray(),
            _ => contents.BoolContents.ToArray(),
        };
        return new NamedTensor(tensor.Name, type, [.. tensor.Shape], data);
    }

    public static InferTensor ToProto(NamedTensor tensor)
    {
        var contents = new TensorContents();
        switch (tensor.Data)
        {
            case float[] f:
                contents.Fp32Contents.AddRange(f);
                break;
            case double[] d:
                contents.Fp64Contents.AddRange(d);
                break;
            case int[] i:
                contents.IntContents.AddRange(i);
                break;
            case long[] l:
                contents.Int64Contents.AddRange(l);
                break;
            case byte[] b:
                contents.Uint8Contents = ByteString.CopyFrom(b);
                break;
            case bool[] b:
                contents.BoolContents.AddRange(b);
                break;
        }

        var proto = new InferTensor { Name = tensor.Name, Datatype = TensorTypes.Name(tensor.ElementType), Contents = contents };
        proto.Shape.AddRange(tensor.Shape);
        return proto;
    }

    public static TensorMetadata ToProto(TensorSpec spec)
    {
        var proto = new TensorMetadata { Name = spec.Name, Datatype = TensorTypes.Name(spec.ElementType) };
        proto.Shape.AddRange(spec.Shape);
        return proto;
    }
}
