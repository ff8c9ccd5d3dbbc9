using Appliance.Core.Inference;

namespace Appliance.Catalog.Onnx;

/// <summary>One input or output of an ONNX graph as the model file declares it.</summary>
/// <param name="Name">The tensor's name, which callers use in Infer requests.</param>
/// <param name="IsTensor">False for sequences, maps and optionals, which no engine here feeds.</param>
/// <param name="ElementType">ONNX element type code (1 float, 7 int64...); 0 when not a tensor or not declared.</param>
/// <param name="TypeName">"float32", "int64"... for a tensor; "sequence", "map", "optional", "sparse tensor" or "undeclared" otherwise.</param>
/// <param name="Shape">Each dimension: a number, a symbol such as "batch", or "?" when unnamed; null when no shape is declared.</param>
public sealed record OnnxValueInfo(string Name, bool IsTensor, int ElementType, string TypeName, IReadOnlyList<string>? Shape)
{
    /// <summary>The Infer API's type for this tensor, or null when the API cannot carry it (float16, strings...).</summary>
    public TensorElementType? WireType => IsTensor ? OnnxTensorTypes.WireType(ElementType) : null;

    /// <summary>For example <c>input_ids: int64 [batch, sequence]</c>.</summary>
    public override string ToString() =>
        $"{Name}: {TypeName} {(Shape is null ? "(shape not declared)" : "[" + string.Join(", ", Shape) + "]")}";
}
