namespace Appliance.Scheduling;

/// <summary>
/// Where one iteration of a generation worker spent its time, phase by phase (the profile behind
/// <c>appliance_step_phase_seconds</c>): <paramref name="Admit"/> reaping finished sequences,
/// preempting and admitting waiting ones; <paramref name="Plan"/> the step planner;
/// <paramref name="Decode"/> the engine's native forward pass; <paramref name="Sample"/> the rest
/// of the engine step (batch assembly, sampling, detokenising); <paramref name="Route"/> handing
/// each sampled piece to its request's stream, stop strings, finishing (and the metrics calls).
/// </summary>
/// <param name="Admit">Reap, preempt, admit.</param>
/// <param name="Plan">Planning the step.</param>
/// <param name="Decode">Native decode.</param>
/// <param name="Sample">Engine time around the decode.</param>
/// <param name="Route">Routing pieces and finishing.</param>
public readonly record struct StepPhaseTimings(TimeSpan Admit, TimeSpan Plan, TimeSpan Decode, TimeSpan Sample, TimeSpan Route);
