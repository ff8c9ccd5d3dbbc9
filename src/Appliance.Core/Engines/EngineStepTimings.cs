namespace Appliance.Core.Engines;

/// <summary>
/// One engine step split by where its time went: <paramref name="Decode"/> is the native forward
/// pass alone (llama_decode); <paramref name="Other"/> is the rest of the step inside the engine
/// (assembling the batch, sampling, detokenising). Measured with two clock reads per phase.
/// </summary>
/// <param name="Decode">Time in the native decode.</param>
/// <param name="Other">Time in the engine around it.</param>
public readonly record struct EngineStepTimings(TimeSpan Decode, TimeSpan Other);
