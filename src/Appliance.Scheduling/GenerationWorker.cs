using Appliance.Core.Engines;
using Appliance.Core.Generation;
using Appliance.Core.Models;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling;

/// <summary>
/// The worker of one text-generation model, the only owner of its engine. Runs a continuous-batching
/// loop on a dedicated thread: admit waiting requests into free sequence slots in the
/// <see cref="AdmissionQueue{T}"/>'s order (urgent first, batch minimum share, weighted fair
/// share between clients, arrival order within a client), plan one step
/// (one token per decoding sequence, then prefill chunks within the step's token budget),
/// run it, route the sampled pieces to each request's stream, and free finished, cancelled
/// and expired sequences in the same iteration.
/// </summary>
public sealed partial class GenerationWorker : ModelWorkerBase
{
    private readonly ITextGenerationEngine _engine;
    private readonly SchedulerOptions _options;
    private readonly AdmissionQueue<GenerationSequence> _waiting;
    private readonly DrainRate _drainRate;
    private readonly List<GenerationSequence> _running = [];
    private readonly StepPlanner _planner;
    private int _runningCount;
    private long _urgentSeenAt;
    private int _kvCells;
    private readonly StepCostModel _stepCost = new();
    private int _loggedStepTokens;

    /// <summary>Creates the worker; call <see cref="ModelWorkerBase.Start"/> to run it. It owns <paramref name="engine"/>.</summary>
    /// <param name="modelId">The model's id.</param>
    /// <param name="engine">The loaded engine.</param>
    /// <param name="options">Scheduling options.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="observer">Metrics observer.</param>
    /// <param name="policies">Per-client policies.</param>
    /// <param name="reasoning">A reasoning model's markers (manifest <c>reasoning</c>); null when the model does not reason.</param>
    public GenerationWorker(
        string modelId, ITextGenerationEngine engine, SchedulerOptions options, TimeProvider time, ILogger logger,
        ISchedulerObserver? observer = null, IClientPolicies? policies = null, ReasoningMarkers? reasoning = null)
        : base(modelId, "model-worker", options, time, logger, observer)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        Reasoning = ReasoningSetup.For(reasoning, engine);
        _options = options;
        _planner = new StepPlanner(engine.Limits.BatchTokens, options.PrefillChunkTokens, options.UrgentPrefillChunkTokens);
        _waiting = new AdmissionQueue<GenerationSequence>(options, policies);
        _drainRate = new DrainRate(time, options.InitialRetryAfter);
    }

    /// <summary>The engine (for thread-safe calls: tokenisation, chat rendering, limits).</summary>
    public ITextGenerationEngine Engine => _engine;

    /// <summary>The model's reasoning markers and end-marker tokens; null when it does not reason.</summary>
    internal ReasoningSetup? Reasoning { get; }

    /// <summary>Requests waiting for a sequence slot.</summary>
    public override int WaitingCount => _waiting.Count;

    /// <summary>Requests holding a sequence slot.</summary>
    public override int RunningCount => Volatile.Read(ref _runningCount);

    /// <summary>
    /// Share of the model's KV cache (context_length x max_sequences cells) held by running
    /// sequences after the last step, 0..1. Prefixes kept in idle slots for reuse are not counted.
    /// </summary>
    public override double KvCacheUsage => (double)Volatile.Read(ref _kvCells) / ((long)_engine.Limits.ContextLength * _engine.Limits.MaxSequences);

    /// <summary>Queues a sequence, or refuses it when the waiting queue is full or the worker is stopping.</summary>
    internal void Enqueue(GenerationSequence sequence)
    {
        ThrowIfNotAccepting();
        if (_waiting.TryAdd(sequence) is { } full)
        {
            throw Busy(full, _drainRate.TimeToDrain(_waiting.Count));
        }

        if (sequence.Priority == Priority.Urgent)
        {
            // Any thread; read by the worker to keep steps short while urgent traffic is about.
            Interlocked.Exchange(ref _urgentSeenAt, Math.Max(1, Time.GetTimestamp()));
        }

        Observer.OnQueued(sequence.Info);
        Queued();
    }

    private protected override bool RunOnce()
    {
        var began = Time.GetTimestamp();
        ReapFinished();
        Admit();
        _drainRate.InUse(_running.Count, _engine.Limits.MaxSequences);
        if (_running.Count == 0)
        {
            Volatile.Write(ref _kvCells, 0);
            return false;
        }

        RunOneStep(began);
        Volatile.Write(ref _kvCells, _running.Sum(s => s.InKv));
        return true;
    }

    /// <summary>Urgent work waits for a slot, or an urgent request arrived within <see cref="SchedulerOptions.UrgentWindow"/>. Worker thread.</summary>
    private bool UrgentPressure()
    {
        if (_waiting.UrgentWaiting)
        {
            return true;
        }

        var seen = Interlocked.Read(ref _urgentSeenAt);
        return seen != 0 && Time.GetElapsedTime(seen) < _options.UrgentWindow;
    }

    /// <summary>
    /// The most tokens a step should carry while urgent work is about (the planner applies it under
    /// urgent pressure: waiting, prefilling, or seen within the window): what the learned step cost
    /// (<see cref="StepCostModel"/>) fits in <see cref="SchedulerOptions.UrgentStepTarget"/>;
    /// unbounded when the target is off or nothing was measured yet. Within the whole window, not
    /// only while an urgent request is in the box, because an arrival waits for the step already in
    /// flight (measured: capping only while urgent work was present left the wait for a slot at
    /// 112 ms against 43 ms). Logged at Debug when it moves by a quarter under pressure. Worker thread.
    /// </summary>
    private int UrgentStepTokens(bool pressure)
    {
        var tokens = _options.UrgentStepTarget <= TimeSpan.Zero ? int.MaxValue : _stepCost.TokensWithin(_options.UrgentStepTarget);
        if (pressure && tokens != int.MaxValue && (tokens > _loggedStepTokens * 5 / 4 || tokens < _loggedStepTokens * 3 / 4))
        {
            _loggedStepTokens = tokens;
            var (fixedPart, perToken) = _stepCost.Fit();
            ModelWorkerLog.UrgentStepCap(Logger, ModelId, tokens, fixedPart.TotalMilliseconds, perToken.TotalMilliseconds, _options.UrgentStepTarget.TotalMilliseconds);
        }

        return tokens;
    }

    /// <summary>Learns the step cost from every step that fed tokens (its engine time: decode and sampling). Worker thread.</summary>
    private void LearnStepCost(TimeSpan engine, int fed, int sequences) => _stepCost.Add(fed, sequences, engine);

    private protected override void FailWaiting(Exception error) => _waiting.FailAll(error);

    /// <summary>Worker thread only (or after it exited): fails running requests and frees their slots.</summary>
    private protected override void FailRunning(Exception error)
    {
        foreach (var sequence in _running)
        {
            if (sequence.Slot is { } slot)
            {
                _engine.Release(slot);
            }

            _waiting.Release(sequence.Request.ClientId);
            sequence.Fail(error);
        }

        Interlocked.Add(ref _runningCount, -_running.Count);
        _running.Clear();
        Volatile.Write(ref _kvCells, 0);
    }

    private protected override void LogStarted() =>
        ModelWorkerLog.WorkerStarted(Logger, ModelId, _engine.Limits.MaxSequences, _engine.Limits.BatchTokens);

    private protected override void LogCrashed(Exception error) => ModelWorkerLog.WorkerCrashed(Logger, error, ModelId);

    private protected override void DisposeEngine() => _engine.Dispose();
}
