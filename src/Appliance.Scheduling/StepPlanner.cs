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
/// the worker), other prefill takes at most <c>urgentChunk</c> tokens, so the step in flight when
/// an urgent request arrives is short.</item>
/// </list>
/// </summary>
internal sealed class StepPlanner
{
    private readonly int _budget;
    private readonly int _prefillChunk;
    private readonly int _urgentChunk;
    private readonly Dictionary<SequenceSlot, int> _fed = [];

    public StepPlanner(int tokenBudget, int prefillChunk, int urgentChunk = int.MaxValue)
    {
        _budget = tokenBudget;
        _prefillChunk = Math.Clamp(prefillChunk, 1, tokenBudget);
        _urgentChunk = Math.Clamp(urgentChunk, 1, _prefillChunk);
    }

    /// <summary>Plans the next step; <paramref name="urgentPressure"/>: urgent work waits for a slot or was seen lately.</summary>
    public StepPlan Plan(IReadOnlyList<GenerationSequence> running, bool urgentPressure = false)
    {
        var items = new List<StepItem>(running.Count);
        _fed.Clear();
        var left = _budget;
        var urgentPrefilling = false;
        foreach (var sequence in running)
        {
            if (!sequence.IsPrefilling)
            {
                if (left > 0)
                {
                    Feed(items, sequence, 1);
                    left--;
                }
            }
            else if (sequence.Priority == Priority.Urgent)
            {
                urgentPrefilling = true;
            }
        }

        var prefillLeft = running.Count > 1 ? Math.Min(left, _prefillChunk) : left;
        var othersLeft = urgentPrefilling ? 0 : urgentPressure ? Math.Min(prefillLeft, _urgentChunk) : prefillLeft;
        foreach (var sequence in PrefillOrder(running))
        {
            var urgent = sequence.Priority == Priority.Urgent;
            var allowance = urgent ? prefillLeft : Math.Min(prefillLeft, othersLeft);
            if (allowance > 0)
            {
                var chunk = Math.Min(sequence.Pending, allowance);
                Feed(items, sequence, chunk);
                prefillLeft -= chunk;
                othersLeft -= urgent ? 0 : chunk;
            }
        }

        return new StepPlan(items);
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
    }
}
