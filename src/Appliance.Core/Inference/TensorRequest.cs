namespace Appliance.Core.Inference;

/// <summary>One caller's inputs and the outputs it wants (all outputs when empty).</summary>
/// <param name="Inputs">Every input of the model's signature, already validated against it.</param>
/// <param name="Outputs">Names of the outputs to return; empty returns all.</param>
public sealed record TensorRequest(IReadOnlyList<NamedTensor> Inputs, IReadOnlyList<string> Outputs);
