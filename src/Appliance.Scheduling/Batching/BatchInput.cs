namespace Appliance.Scheduling.Batching;

/// <summary>One input of a call to a batched model.</summary>
/// <param name="Input">The input.</param>
/// <param name="Cost">Its size in tokens (or token-equivalents), charged to the client for fair share.</param>
/// <param name="Key">Inputs with equal keys can run together (e.g. equal trailing tensor dimensions); null is compatible with any other null.</param>
public readonly record struct BatchInput<TInput>(TInput Input, int Cost, object? Key = null);
