using Appliance.Core.Engines;

namespace Appliance.Scheduling;

/// <summary>
/// Plans one engine step over the running sequences: every decoding sequence gets its one
/// token first (so a long prompt never stalls streams that are already generating), then
/// prefilling sequences get prompt chunks, oldest first, within the step's token budget.
/// </summary>
internal sealed class StepPlanner
{
    private readonly int _budget;
    private readonly Dictionary<SequenceSlot, int> _fed = [];

    public StepPlanner(int tokenBudget)
    {
        _budget = tokenBudget;
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
                items.Add(new StepItem(sequence.Slot!.Value, new[] { sequence.LastToken }, Sample: true));
                _fed[sequence.Slot!.Value] = 1;
                left--;
            }
        }

        foreach (var sequence in running)
        {
            if (sequence.IsPrefilling && left > 0)
            {
                var remaining = sequence.PromptTokens.Length - sequence.Prefilled;
                var chunk = Math.Min(remaining, left);
                var tokens = new ReadOnlyMemory<int>(sequence.PromptTokens, sequence.Prefilled, chunk);
                items.Add(new StepItem(sequence.Slot!.Value, tokens, Sample: chunk == remaining));
                _fed[sequence.Slot!.Value] = chunk;
                left -= chunk;
            }
        }

        return new StepPlan(items);
    }

    /// <summary>Moves prefill cursors forward after a successful step.</summary>
    public void Advance(IReadOnlyList<GenerationSequence> running)
    {
        foreach (var sequence in running)
        {
            if (sequence.IsPrefilling && sequence.Slot is { } slot && _fed.TryGetValue(slot, out var count))
            {
                sequence.Prefilled += count;
            }
        }
    }
}
