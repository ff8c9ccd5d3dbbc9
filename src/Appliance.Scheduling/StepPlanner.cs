using Appliance.Core.Engines;

namespace Appliance.Scheduling;

/// <summary>
/// Plans one engine step over the running sequences: every decoding sequence gets its one
/// token first (so a long prompt never stalls streams that are already generating), then
/// prefilling sequences get chunks, oldest first, within the step's token budget. While any
/// sequence is decoding, prefill takes at most <c>prefillChunk</c> tokens per step, which bounds
/// how long a new prompt can delay everyone else's next token.
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

        var prefillLeft = items.Count > 0 ? Math.Min(left, _prefillChunk) : left;
        foreach (var sequence in running)
        {
            if (sequence.IsPrefilling && prefillLeft > 0)
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

    private void Feed(List<StepItem> items, GenerationSequence sequence, int count)
    {
        var slot = sequence.Slot!.Value;
        items.Add(new StepItem(slot, sequence.Tokens.Slice(sequence.InKv, count), Sample: count == sequence.Pending));
        _fed[slot] = count;
    }
}
