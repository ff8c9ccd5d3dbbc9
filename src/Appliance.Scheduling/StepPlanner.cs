using Appliance.Core.Engines;

namespace Appliance.Scheduling;

/// <summary>
/// Plans one engine step over the running sequences: every decoding sequence gets its one
/// token first (so a long prompt never stalls streams that are already generating), then
/// prefilling sequences get chunks, urgent before normal before batch and oldest first within
/// a class, within the step's token budget. When more than one sequence runs, prefill takes at
/// most <c>prefillChunk</c> tokens per step, which bounds how long a new prompt can delay
/// everyone else's next token and how long urgent work waits for the next admission.
/// </summary>
internal sealed class StepPlanner
{
    private readonly int _budget;
    private readonly int _prefillChunk;
    private readonly Dictionary<SequenceSlot, int> _fed = [];

    public StepPlanner(int tokenBudget, int prefillChunk)
    {
        _budget = tokenBudget;
        _prefillChunk = Math.Clamp(prefillChunk, 1, tokenBudget);
    }

    public StepPlan Plan(IReadOnlyList<GenerationSequence> running)
    {
        var items = new List<StepItem>(running.Count);
        _fed.Clear();
        var left = _budget;
        foreach (var sequence in running)
        {
            if (!sequence.IsPrefilling && left > 0)
            {
                Feed(items, sequence, 1);
                left--;
            }
        }

        // Alone, a prompt takes the whole batch; with company, prefill is capped so one step
        // (during which nothing else can be admitted or answered) stays short.
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
