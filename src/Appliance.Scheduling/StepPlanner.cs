using Appliance.Core.Engines;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// Plans one engine step over the running sequences: every decoding sequence gets its one
/// token first (so a long prompt never stalls streams that are already generating), then
/// prefilling sequences get chunks, urgent before normal before batch and oldest first within
/// a class, within the step's token budget. A step cannot be interrupted, so how much prefill it
/// carries is how long everyone waits for their next token and urgent work for its admission;
/// the planner sizes it to the moment:
/// <list type="bullet">
/// <item>alone, a prompt takes the whole batch;</item>
/// <item>with company and no urgent work about, prefill takes up to <c>prefillChunk</c> tokens
/// (big chunks: fewer, fuller steps, the throughput llama.cpp's own server gets);</item>
/// <item>while an urgent prompt prefills, it alone is prefilled (up to <c>prefillChunk</c>), so its
/// first token comes as soon as the arithmetic allows;</item>
/// <item>while urgent work waits for a slot, or was seen lately (<c>urgentPressure</c>, decided by
/// the worker), other prefill takes at most <c>urgentChunk</c> tokens, and the whole step at most
/// <c>stepTokens</c> (what the worker's learned step cost fits in its urgent step target):
/// urgent sequences always step, the others take turns, least recently stepped first, at least
/// one of them per step; so the step in flight when an urgent request arrives is short.</item>
/// </list>
/// </summary>
internal sealed class StepPlanner
{
    private readonly int _budget;
    private readonly int _prefillChunk;
    private readonly int _urgentChunk;
    private readonly Dictionary<SequenceSlot, int> _fed = [];
    private long _step;

    public StepPlanner(int tokenBudget, int prefillChunk, int urgentChunk = int.MaxValue)
    {
        _budget = tokenBudget;
        _prefillChunk = Math.Clamp(prefillChunk, 1, tokenBudget);
        _urgentChunk = Math.Clamp(urgentChunk, 1, _prefillChunk);
    }

    /// <summary>
    /// Plans the next step; <paramref name="urgentPressure"/>: urgent work waits for a slot, prefills
    /// or was seen lately; <paramref name="stepTokens"/>: under that pressure, the most tokens the
    /// step should carry (urgent work may exceed it; at least one other sequence steps).
    /// </summary>
    public StepPlan Plan(IReadOnlyList<GenerationSequence> running, bool urgentPressure = false, int stepTokens = int.MaxValue)
    {
        var items = new List<StepItem>(running.Count);
        _fed.Clear();
        _step++;
        if (urgentPressure || running.Any(s => s.IsPrefilling && s.Priority == Priority.Urgent))
        {
            PlanUnderPressure(items, running, Math.Max(1, stepTokens));
            return new StepPlan(items);
        }

        var left = _budget;
        foreach (var sequence in running)
        {
            if (!sequence.IsPrefilling && left > 0)
            {
                Feed(items, sequence, 1);
                left--;
            }
        }

        var prefillLeft = running.Count > 1 ? Math.Min(left, _prefillChunk) : left;
        foreach (var sequence in PrefillOrder(running))
        {
            if (prefillLeft > 0)
            {
                var chunk = Math.Min(sequence.Pending, prefillLeft);
                Feed(items, sequence, chunk);
                prefillLeft -= chunk;
            }
        }

        return new StepPlan(items);
    }

    /// <summary>Urgent decodes, then urgent prompts (alone among prompts), then the others in turn within the step's tokens.</summary>
    private void PlanUnderPressure(List<StepItem> items, IReadOnlyList<GenerationSequence> running, int stepTokens)
    {
        var left = _budget;
        var used = 0;
        foreach (var sequence in running.Where(s => s.Priority == Priority.Urgent && !s.IsPrefilling).TakeWhile(_ => left > 0))
        {
            Feed(items, sequence, 1);
            left--;
            used++;
        }

        var prefillLeft = running.Count > 1 ? Math.Min(left, _prefillChunk) : left;
        var urgentPrefilling = false;
        foreach (var sequence in running.Where(s => s.Priority == Priority.Urgent && s.IsPrefilling))
        {
            urgentPrefilling = true;
            var chunk = Math.Min(sequence.Pending, prefillLeft);
            if (chunk > 0)
            {
                Feed(items, sequence, chunk);
                prefillLeft -= chunk;
                left -= chunk;
                used += chunk;
            }
        }

        // Least recently stepped first (stable: arrival order among equals); the first always steps.
        // Their prompts share the urgent chunk, and none while an urgent prompt prefills.
        var room = Math.Min(left, stepTokens - used);
        var othersPrefill = urgentPrefilling ? 0 : Math.Min(prefillLeft, _urgentChunk);
        var first = true;
        foreach (var sequence in running.Where(s => s.Priority != Priority.Urgent).OrderBy(s => s.LastPlannedStep))
        {
            if (left <= 0 || (room <= 0 && !first))
            {
                break;
            }

            var count = !sequence.IsPrefilling ? 1
                : Math.Min(Math.Min(sequence.Pending, othersPrefill), first ? Math.Max(room, 1) : room);
            if (count <= 0)
            {
                continue;
            }

            Feed(items, sequence, count);
            room -= count;
            left -= count;
            othersPrefill -= sequence.IsPrefilling ? count : 0;
            first = false;
        }
    }

    /// <summary>Moves every fed sequence's KV cursor forward after a successful step.</summary>
    public void Advance(IReadOnlyList<GenerationSequence> running)
    {
        foreach (var sequence in running)
        {
            if (sequence.Slot is { } slot && _fed.TryGetValue(slot, out var count))
            {
                sequence.InKv += count;
            }
        }
    }

    /// <summary>Prefilling sequences, urgent first, then normal, then batch; oldest first within a class.</summary>
    private static IEnumerable<GenerationSequence> PrefillOrder(IReadOnlyList<GenerationSequence> running) =>
        running.Where(s => s.IsPrefilling).OrderByDescending(s => ClientPolicy.Rank(s.Priority));

    private void Feed(List<StepItem> items, GenerationSequence sequence, int count)
    {
        var slot = sequence.Slot!.Value;
        items.Add(new StepItem(slot, sequence.Tokens.Slice(sequence.InKv, count), Sample: count == sequence.Pending));
        _fed[slot] = count;
        sequence.LastPlannedStep = _step;
    }
}
