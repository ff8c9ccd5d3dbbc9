namespace Appliance.Core.Inference;

/// <summary>
/// A tensor with its data: a row-major array of the element type's CLR type (<c>float[]</c>,
/// <c>double[]</c>, <c>int[]</c>, <c>long[]</c>, <c>byte[]</c>, <c>bool[]</c>) whose length is
/// the product of <paramref name="Shape"/>.
/// </summary>
/// <param name="Name">Tensor name.</param>
/// <param name="ElementType">Element type.</param>
/// <param name="Shape">Concrete dimensions (no -1).</param>
/// <param name="Data">Row-major elements.</param>
public sealed record NamedTensor(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape, Array Data)
{
    /// <summary>Product of the dimensions.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
