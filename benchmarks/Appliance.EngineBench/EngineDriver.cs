using System.Diagnostics;
using Appliance.Core.Engines;
using Appliance.Core.Generation;

namespace Appliance.EngineBench;

/// <summary>
/// The appliance's engine through its step contract, shaped like the raw baseline: each
/// sequence prefilled in one step, then one step per token holding every sequence (greedy by
/// default; <paramref name="sampling"/> and <paramref name="grammar"/> for the structured-output
/// comparison, stream s seeded with s + 1).
/// </summary>
internal sealed class EngineDriver(ITextGenerationEngine engine, SamplingParameters? sampling = null, ConstraintGrammar? grammar = null)
{
    private static readonly SamplingParameters Greedy = new() { Temperature = 0, RepeatPenalty = 1 };

    /// <summary>Runs every step on the calling thread.</summary>
    public (double Prefill, double Decode) Round(int[] prompt, int generate, int streams) =>
        RoundAsync(prompt, generate, streams, hop: false).GetAwaiter().GetResult();

    /// <summary>
    /// When <paramref name="hop"/> is set each step runs in <c>Task.Run</c> on whichever pool
    /// thread is free, as an await-based loop would: what the dedicated thread avoids.
    /// </summary>
    public async Task<(double Prefill, double Decode)> RoundAsync(int[] prompt, int generate, int streams, bool hop)
    {
        var slots = Enumerable.Range(0, streams)
            .Select(s => engine.Start(new SequenceStart(prompt, sampling is null ? Greedy : sampling with { Seed = (uint)(s + 1) }, grammar)).Slot)
            .ToArray();
        try
        {
            var tokens = new int[streams];
            var clock = Stopwatch.StartNew();
            for (var s = 0; s < streams; s++)
            {
                tokens[s] = (await StepAsync(new StepPlan([new StepItem(slots[s], prompt, true)]), hop))[0].Token;
            }

            var prefill = clock.Elapsed.TotalSeconds;
            clock.Restart();
            for (var step = 1; step < generate; step++)
            {
                var plan = new StepPlan([.. slots.Select((slot, s) => new StepItem(slot, new[] { tokens[s] }, true))]);
                var sampled = await StepAsync(plan, hop);
                for (var s = 0; s < streams; s++)
                {
                    tokens[s] = sampled[s].Token;
                }
            }

            return (prefill, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var slot in slots)
            {
                engine.Release(slot);
            }
        }
    }

    private Task<IReadOnlyList<SampledToken>> StepAsync(StepPlan plan, bool hop) =>
        hop ? Task.Run(() => engine.Step(plan)) : Task.FromResult(engine.Step(plan));
}
