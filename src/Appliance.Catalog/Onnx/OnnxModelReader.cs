using System.Globalization;

namespace Appliance.Catalog.Onnx;

/// <summary>
/// Reads an ONNX model file's header and graph signature (a <c>ModelProto</c>) straight from the
/// protobuf wire format, without ONNX Runtime: the IR version, producer, operator sets, the
/// graph's inputs and outputs with their element types and shapes, and facts about the weights.
/// Nodes and tensor data are skipped by seeking, so a model of any size costs a few reads.
/// </summary>
/// <remarks>
/// Anything that is not a well-formed ModelProto with an IR version and a graph with outputs
/// throws an <see cref="InvalidDataException"/> whose message starts "not a valid ONNX model"
/// and says what is wrong; that is also how a file in another format is recognised.
/// </remarks>
public static class OnnxModelReader
{
    /// <summary>How the default operator set's domain (empty in the file) is reported.</summary>
    public const string DefaultDomain = "ai.onnx";

    /// <summary>ONNX's IR versions count up from 1 (10 in 2024); a larger number means the bytes are something else.</summary>
    private const long MaxIrVersion = 100;

    /// <summary>Reads the model file at <paramref name="path"/>.</summary>
    public static OnnxModelInfo ReadFile(string path) => ModelFileStream.Read(path, Read);

    /// <summary>Reads from a seekable stream whose whole content, from its start, is the model.</summary>
    public static OnnxModelInfo Read(Stream stream)
    {
        ModelFileStream.RequireSeekable(stream, "ONNX");

        stream.Position = 0;
        var r = new ProtoWireReader(stream);
        var end = r.Length;
        if (end == 0)
        {
            throw ProtoWireReader.Corrupt(0, "the file is empty");
        }

        long? irVersion = null;
        string? producer = null, producerVersion = null;
        var opsets = new List<OnnxOpset>();
        OnnxGraphReader? graph = null;
        while (r.TryReadTag(end, out var field, out var type))
        {
            switch (field, type)
            {
                case (1, ProtoWireType.Varint):
                    irVersion = r.ReadInt64(end, "ir_version");
                    break;
                case (2, ProtoWireType.LengthDelimited):
                    producer = r.ReadString(end, "producer_name");
                    break;
                case (3, ProtoWireType.LengthDelimited):
                    producerVersion = r.ReadString(end, "producer_version");
                    break;
                case (7, ProtoWireType.LengthDelimited):
                    graph ??= new OnnxGraphReader(r);
                    graph.Read(r.ReadLength(end, "graph"));
                    break;
                case (8, ProtoWireType.LengthDelimited):
                    opsets.Add(ReadOpset(r, r.ReadLength(end, "opset_import")));
                    break;
                default:
                    r.Skip(type, end, $"model field {field}");
                    break;
            }
        }

        return Complete(irVersion, producer, producerVersion, opsets, graph);
    }

    private static OnnxModelInfo Complete(
        long? irVersion, string? producer, string? producerVersion, List<OnnxOpset> opsets, OnnxGraphReader? graph)
    {
        if (irVersion is not { } ir)
        {
            throw new InvalidDataException("not a valid ONNX model: it has no ir_version, which every ONNX model has");
        }

        if (ir is < 1 or > MaxIrVersion)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture, $"not a valid ONNX model: ir_version {ir} is not an ONNX IR version"));
        }

        if (graph is null)
        {
            throw new InvalidDataException("not a valid ONNX model: it has no graph");
        }

        if (graph.Outputs.Count == 0)
        {
            throw new InvalidDataException("not a valid ONNX model: its graph declares no outputs");
        }

        return new OnnxModelInfo(
            ir,
            NullIfEmpty(producer),
            NullIfEmpty(producerVersion),
            opsets,
            NullIfEmpty(graph.Name),
            graph.Inputs,
            graph.Outputs,
            graph.InitializerCount,
            graph.ExternalDataFiles,
            graph.PositionEmbeddingRows);
    }

    /// <summary>OperatorSetIdProto: domain (1), version (2).</summary>
    private static OnnxOpset ReadOpset(ProtoWireReader r, long end)
    {
        var domain = string.Empty;
        var version = 0L;
        while (r.TryReadTag(end, out var field, out var type))
        {
            switch (field, type)
            {
                case (1, ProtoWireType.LengthDelimited):
                    domain = r.ReadString(end, "opset_import domain");
                    break;
                case (2, ProtoWireType.Varint):
                    version = r.ReadInt64(end, "opset_import version");
                    break;
                default:
                    r.Skip(type, end, $"opset_import field {field}");
                    break;
            }
        }

        return new OnnxOpset(domain.Length == 0 ? DefaultDomain : domain, version);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
