using System.Globalization;

namespace Appliance.Catalog.Onnx;

/// <summary>
/// Reads one <c>GraphProto</c>: its name, inputs, outputs and the names and shapes of its
/// initializers. Nodes and tensor data are skipped by seeking. Single use, single thread.
/// </summary>
internal sealed class OnnxGraphReader
{
    /// <summary>ONNX Runtime allows far fewer; more means the bytes are not what they claim.</summary>
    private const int MaxRank = 32;

    private readonly ProtoWireReader _r;
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly HashSet<string> _initializerNames = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _externalFiles = new(StringComparer.Ordinal);

    public OnnxGraphReader(ProtoWireReader reader)
    {
        _r = reader;
    }

    public string? Name { get; private set; }

    public int InitializerCount { get; private set; }

    public long? PositionEmbeddingRows { get; private set; }

    /// <summary>
    /// The inputs a caller feeds: models of IR version 3 and older also list every initializer
    /// as an input, which ONNX Runtime (and this list) leaves out.
    /// </summary>
    public IReadOnlyList<OnnxValueInfo> Inputs => [.. _inputs.Where(i => !_initializerNames.Contains(i.Name))];

    public IReadOnlyList<OnnxValueInfo> Outputs => _outputs;

    public IReadOnlyList<string> ExternalDataFiles => [.. _externalFiles];

    /// <summary>Reads the graph's fields up to <paramref name="end"/> (a repeated graph field merges, as protobuf does).</summary>
    public void Read(long end)
    {
        while (_r.TryReadTag(end, out var field, out var type))
        {
            switch (field, type)
            {
                case (2, ProtoWireType.LengthDelimited):
                    Name = _r.ReadString(end, "graph.name");
                    break;
                case (5, ProtoWireType.LengthDelimited):
                    ReadTensor(_r.ReadLength(end, "graph.initializer"));
                    break;
                case (11, ProtoWireType.LengthDelimited):
                    _inputs.Add(ReadValueInfo(_r.ReadLength(end, "graph.input"), "graph.input"));
                    break;
                case (12, ProtoWireType.LengthDelimited):
                    _outputs.Add(ReadValueInfo(_r.ReadLength(end, "graph.output"), "graph.output"));
                    break;
                case (15, ProtoWireType.LengthDelimited):
                    ReadSparseInitializer(_r.ReadLength(end, "graph.sparse_initializer"));
                    break;
                default:
                    _r.Skip(type, end, $"graph field {field}");
                    break;
            }
        }
    }

    /// <summary>TensorProto: name (8), dims (1), external_data (13), data_location (14); the data is skipped.</summary>
    private void ReadTensor(long end)
    {
        string? name = null;
        string? location = null;
        var external = false;
        var dims = new List<long>();
        while (_r.TryReadTag(end, out var field, out var type))
        {
            switch (field, type)
            {
                case (1, ProtoWireType.Varint):
                    AddDimension(dims, _r.ReadInt64(end, "initializer dims"));
                    break;
                case (1, ProtoWireType.LengthDelimited):
                    var packedEnd = _r.ReadLength(end, "initializer dims");
                    while (_r.Position < packedEnd)
                    {
                        AddDimension(dims, _r.ReadInt64(packedEnd, "initializer dims"));
                    }

                    break;
                case (8, ProtoWireType.LengthDelimited):
                    name = _r.ReadString(end, "initializer name");
                    break;
                case (13, ProtoWireType.LengthDelimited):
                    var (key, value) = ReadEntry(_r.ReadLength(end, "initializer external_data"));
                    location = key == "location" ? value : location;
                    break;
                case (14, ProtoWireType.Varint):
                    external = _r.ReadVarint(end, "initializer data_location") == 1;
                    break;
                default:
                    _r.Skip(type, end, $"initializer field {field}");
                    break;
            }
        }

        InitializerCount++;
        if (name is not null)
        {
            _initializerNames.Add(name);
        }

        if (external)
        {
            _externalFiles.Add(location ?? "(unnamed external data)");
        }

        if (name is not null && dims.Count == 2 && name.Contains("position_embeddings", StringComparison.Ordinal))
        {
            PositionEmbeddingRows = Math.Max(PositionEmbeddingRows ?? 0, dims[0]);
        }
    }

    /// <summary>SparseTensorProto: its values tensor (1) carries the name.</summary>
    private void ReadSparseInitializer(long end)
    {
        while (_r.TryReadTag(end, out var field, out var type))
        {
            if (field == 1 && type == ProtoWireType.LengthDelimited)
            {
                ReadTensor(_r.ReadLength(end, "sparse initializer values"));
            }
            else
            {
                _r.Skip(type, end, $"sparse initializer field {field}");
            }
        }
    }

    private (string Key, string Value) ReadEntry(long end)
    {
        string key = string.Empty, value = string.Empty;
        while (_r.TryReadTag(end, out var field, out var type))
        {
            switch (field, type)
            {
                case (1, ProtoWireType.LengthDelimited):
                    key = _r.ReadString(end, "entry key");
                    break;
                case (2, ProtoWireType.LengthDelimited):
                    value = _r.ReadString(end, "entry value");
                    break;
                default:
                    _r.Skip(type, end, $"entry field {field}");
                    break;
            }
        }

        return (key, value);
    }

    /// <summary>ValueInfoProto: name (1) and type (2).</summary>
    private OnnxValueInfo ReadValueInfo(long end, string what)
    {
        var name = string.Empty;
        var info = new OnnxValueInfo(name, IsTensor: false, ElementType: 0, TypeName: "undeclared", Shape: null);
        while (_r.TryReadTag(end, out var field, out var type))
        {
            switch (field, type)
            {
                case (1, ProtoWireType.LengthDelimited):
                    name = _r.ReadString(end, what + " name");
                    break;
                case (2, ProtoWireType.LengthDelimited):
                    info = ReadType(_r.ReadLength(end, what + " type"), what);
                    break;
                default:
                    _r.Skip(type, end, $"{what} field {field}");
                    break;
            }
        }

        return info with { Name = name };
    }

    /// <summary>TypeProto: tensor_type (1), or the kinds no engine here feeds.</summary>
    private OnnxValueInfo ReadType(long end, string what)
    {
        var info = new OnnxValueInfo(string.Empty, IsTensor: false, ElementType: 0, TypeName: "undeclared", Shape: null);
        while (_r.TryReadTag(end, out var field, out var type))
        {
            var kind = field switch { 4 => "sequence", 5 => "map", 8 => "optional", 9 => "sparse tensor", _ => null };
            if (field == 1 && type == ProtoWireType.LengthDelimited)
            {
                info = ReadTensorType(_r.ReadLength(end, what + " tensor type"), what);
            }
            else
            {
                _r.Skip(type, end, $"{what} type field {field}");
                info = kind is null ? info : info with { TypeName = kind };
            }
        }

        return info;
    }

    /// <summary>TypeProto.Tensor: elem_type (1) and shape (2).</summary>
    private OnnxValueInfo ReadTensorType(long end, string what)
    {
        var elementType = 0;
        List<string>? shape = null;
        while (_r.TryReadTag(end, out var field, out var type))
        {
            switch (field, type)
            {
                case (1, ProtoWireType.Varint):
                    elementType = unchecked((int)_r.ReadVarint(end, what + " elem_type"));
                    break;
                case (2, ProtoWireType.LengthDelimited):
                    shape = ReadShape(_r.ReadLength(end, what + " shape"), what);
                    break;
                default:
                    _r.Skip(type, end, $"{what} tensor type field {field}");
                    break;
            }
        }

        return new OnnxValueInfo(string.Empty, IsTensor: true, elementType, OnnxTensorTypes.Name(elementType), shape);
    }

    /// <summary>TensorShapeProto: each dim (1) is a dim_value (1), a dim_param (2) or neither.</summary>
    private List<string> ReadShape(long end, string what)
    {
        var shape = new List<string>();
        while (_r.TryReadTag(end, out var field, out var type))
        {
            if (field != 1 || type != ProtoWireType.LengthDelimited)
            {
                _r.Skip(type, end, $"{what} shape field {field}");
                continue;
            }

            if (shape.Count == MaxRank)
            {
                throw ProtoWireReader.Corrupt(_r.Position, $"{what} has more than {MaxRank} dimensions");
            }

            var dimEnd = _r.ReadLength(end, what + " dim");
            var dim = "?";
            while (_r.TryReadTag(dimEnd, out var dimField, out var dimType))
            {
                dim = (dimField, dimType) switch
                {
                    (1, ProtoWireType.Varint) => _r.ReadInt64(dimEnd, what + " dim_value").ToString(CultureInfo.InvariantCulture),
                    (2, ProtoWireType.LengthDelimited) => _r.ReadString(dimEnd, what + " dim_param") is { Length: > 0 } symbol ? symbol : "?",
                    _ => SkipAndKeep(dimType, dimEnd, dim),
                };
            }

            shape.Add(dim);
        }

        return shape;
    }

    private string SkipAndKeep(ProtoWireType type, long end, string current)
    {
        _r.Skip(type, end, "dimension field");
        return current;
    }

    private void AddDimension(List<long> dims, long value)
    {
        if (dims.Count == MaxRank)
        {
            throw ProtoWireReader.Corrupt(_r.Position, $"an initializer has more than {MaxRank} dimensions");
        }

        dims.Add(value);
    }
}
