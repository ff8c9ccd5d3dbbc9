namespace Appliance.Core.Inference;

/// <summary>A model input or output as its metadata declares it.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="ElementType">Element type.</param>
/// <param name="Shape">Dimensions; -1 marks a dynamic one (the first is the batch dimension when the model batches).</param>
public sealed record TensorSpec(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape);
