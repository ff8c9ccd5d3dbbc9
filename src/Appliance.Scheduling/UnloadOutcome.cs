namespace Appliance.Scheduling;

/// <summary>What an unload cut short (<see cref="IModelWorker.UnloadAsync"/>).</summary>
/// <param name="WaitingRefused">Requests (inputs, for a batched model) refused while waiting.</param>
/// <param name="RunningFailed">Requests (inputs) still running at the drain timeout, failed Unavailable.</param>
public sealed record UnloadOutcome(int WaitingRefused, int RunningFailed);
