using Appliance.Core.Engines;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling;

/// <summary>One iteration of the worker loop: reap, preempt, admit, plan and run a step, route, finish. Worker thread only.</summary>
public sealed partial class GenerationWorker
{
    private void Admit()
    {
        PreemptForUrgentWork();
        while (_running.Count < _engine.Limits.MaxSequences && _waiting.TryTake(out var sequence))
        {
            if (EndReason(sequence) is { } reason)
            {
                Finish(sequence, reason);
                continue;
            }

            SequenceStartResult started;
            try
            {
                var (grammar, from) = sequence.WantedGrammar;
                started = _engine.Start(new SequenceStart(sequence.Tokens.ToArray(), sequence.Request.Sampling, grammar, sequence.GeneratedCount, from));
                sequence.GrammarInEngine = (grammar, from);
            }
            catch (Exception ex)
            {
                ModelWorkerLog.StartFailed(Logger, ex, ModelId);
                Finish(sequence, FinishReason.Error);
                continue;
            }

            sequence.Slot = started.Slot;
            sequence.InKv = started.CachedTokens;
            sequence.CachedPromptTokens = sequence.Preemptions == 0 ? started.CachedTokens : sequence.CachedPromptTokens;
            var now = Time.GetTimestamp();
            sequence.AdmittedAt = sequence.AdmittedAt == 0 ? now : sequence.AdmittedAt;
            Observer.OnAdmitted(sequence.Info, Time.GetElapsedTime(sequence.SubmittedAt, now));
            _running.Add(sequence);
            Interlocked.Increment(ref _runningCount);
        }
    }

    /// <summary>
    /// When every slot is taken and urgent work waits, the newest batch-class sequence gives up
    /// its slot; it is requeued and later resumes by recomputing its prompt and output (its
    /// stream simply continues).
    /// </summary>
    private void PreemptForUrgentWork()
    {
        while (_running.Count >= _engine.Limits.MaxSequences && _waiting.UrgentWaiting)
        {
            var victim = _running.LastOrDefault(s => s.Priority == Priority.Batch);
            if (victim is null)
            {
                return;
            }

            _engine.Release(victim.Slot!.Value);
            victim.Preempt();
            _running.Remove(victim);
            Interlocked.Decrement(ref _runningCount);
            _waiting.Requeue(victim);
            Observer.OnPreempted(victim.Info);
            ModelWorkerLog.Preempted(Logger, ModelId, victim.Request.RequestId, victim.GeneratedCount);
        }
    }

    /// <summary>Plans and runs one step, routes what it sampled, and reports the iteration's phases (from <paramref name="began"/>, before reaping and admitting).</summary>
    private void RunOneStep(long began)
    {
        var planning = Time.GetTimestamp();
        var pressure = UrgentPressure();
        var plan = _planner.Plan(_running, pressure, UrgentStepTokens(pressure));
        var started = Time.GetTimestamp();
        IReadOnlyList<SampledToken> sampled;
        try
        {
            sampled = _engine.Step(plan);
        }
        catch (Exception ex)
        {
            ModelWorkerLog.StepFailed(Logger, ex, ModelId, plan.Items.Count);
            foreach (var item in plan.Items)
            {
                Finish(_running.First(s => s.Slot == item.Slot), FinishReason.Error);
            }

            return;
        }

        var now = Time.GetTimestamp();
        var fed = 0;
        foreach (var item in plan.Items)
        {
            fed += item.Tokens.Length;
            _waiting.Charge(_running.First(s => s.Slot == item.Slot).Request.ClientId, item.Tokens.Length);
        }

        Observer.OnStep(ModelId, plan.Items.Count, fed, Time.GetElapsedTime(started, now));
        _planner.Advance(_running);
        foreach (var token in sampled)
        {
            var sequence = _running.First(s => s.Slot == token.Slot);
            Report(sequence, now);
            if (sequence.Accept(token, now) is { } reason)
            {
                Finish(sequence, reason);
                continue;
            }

            if (sequence.TakeForcedReasoningEnd())
            {
                ModelWorkerLog.ReasoningBudgetReached(Logger, ModelId, sequence.Request.RequestId, sequence.ReasoningBudget);
            }

            SwapGrammar(sequence);
        }

        ReportPhases(began, planning, started, now, fed, plan.Items.Count);
    }

    private void ReportPhases(long began, long planning, long started, long stepped, int fed, int sequences)
    {
        var routed = Time.GetTimestamp();
        var engine = Time.GetElapsedTime(started, stepped);
        var inside = _engine.LastStepTimings;
        var decode = inside == default ? engine : inside.Decode;
        LearnStepCost(engine, fed, sequences);
        Observer.OnStepPhases(ModelId, new StepPhaseTimings(
            Time.GetElapsedTime(began, planning),
            Time.GetElapsedTime(planning, started),
            decode,
            engine > decode ? engine - decode : TimeSpan.Zero,
            Time.GetElapsedTime(stepped, routed)));
    }

    /// <summary>
    /// A reasoning model's output changed phase: its reasoning began (the grammar waits) or its
    /// answer began (the response format's grammar starts, fed the answer tokens so far).
    /// </summary>
    private void SwapGrammar(GenerationSequence sequence)
    {
        var wanted = sequence.WantedGrammar;
        if (wanted == sequence.GrammarInEngine)
        {
            return;
        }

        sequence.GrammarInEngine = wanted;
        var (grammar, from) = wanted;
        var answer = from is { } start ? sequence.Tokens.Span[(sequence.PromptTokens.Length + start)..] : [];
        if (!_engine.SetGrammar(sequence.Slot!.Value, from is null ? null : grammar, answer))
        {
            ModelWorkerLog.AnswerGrammarNotStarted(Logger, ModelId, sequence.Request.RequestId, answer.Length);
        }
    }

    private void Report(GenerationSequence sequence, long now)
    {
        if (sequence.GeneratedCount == 0)
        {
            Observer.OnFirstToken(sequence.Info, Time.GetElapsedTime(sequence.SubmittedAt, now));
        }
        else
        {
            Observer.OnToken(sequence.Info, Time.GetElapsedTime(sequence.LastTokenAt, now));
        }
    }

    private void ReapFinished()
    {
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            if (EndReason(_running[i]) is { } reason)
            {
                Finish(_running[i], reason);
            }
        }
    }

    private FinishReason? EndReason(GenerationSequence sequence)
    {
        // Deadline first: gRPC also cancels the call's token when its deadline passes.
        if (sequence.Request.Deadline is { } deadline && Time.GetUtcNow() >= deadline)
        {
            return FinishReason.Deadline;
        }

        return sequence.IsCancelled ? FinishReason.Cancelled : null;
    }

    /// <summary>Ends a sequence that <see cref="AdmissionQueue{T}.TryTake(out T)"/> handed out.</summary>
    private void Finish(GenerationSequence sequence, FinishReason reason)
    {
        if (sequence.Slot is { } slot)
        {
            _engine.Release(slot);
            sequence.Slot = null;
            _running.Remove(sequence);
            Interlocked.Decrement(ref _runningCount);
        }

        _waiting.Release(sequence.Request.ClientId);
        _drainRate.Completed();

        var end = Time.GetTimestamp();
        var admitted = sequence.AdmittedAt == 0 ? end : sequence.AdmittedAt;
        var first = sequence.FirstTokenAt == 0 ? end : sequence.FirstTokenAt;
        var timings = new GenerationTimings(
            Time.GetElapsedTime(sequence.SubmittedAt, admitted),
            Time.GetElapsedTime(sequence.SubmittedAt, first),
            Time.GetElapsedTime(sequence.SubmittedAt, end));
        if (sequence.Complete(reason, timings) is var (usage, structured))
        {
            Observer.OnFinished(sequence.Info, reason, usage, timings);
            if (sequence.Structured is { } constraint)
            {
                Observer.OnStructuredResult(sequence.Request.ModelId, constraint.Format.ModeName, structured);
                if (structured == StructuredResult.Invalid)
                {
                    ModelWorkerLog.StructuredInvalid(Logger, ModelId, sequence.Request.RequestId, constraint.Format.ModeName, usage.CompletionTokens);
                }
            }
        }
    }
}
