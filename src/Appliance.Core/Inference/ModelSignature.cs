namespace Appliance.Core.Inference;

/// <summary>A tensor model's inputs and outputs.</summary>
/// <param name="Inputs">Inputs every request must send.</param>
/// <param name="Outputs">Outputs a request may ask for.</param>
/// <param name="Batchable">
/// True when every input's first dimension is dynamic, so requests can be stacked along it
/// (the dynamic batcher only batches such models).
/// </param>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs, bool Batchable);
