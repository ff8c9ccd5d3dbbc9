namespace Appliance.EngineBench;

/// <summary>One way of driving the model: returns (prefill seconds, decode seconds) for one round of (prompt, tokens to generate, streams).</summary>
internal sealed record Variant(string Name, string Description, Func<int[], int, int, Task<(double Prefill, double Decode)>> RunRound);
