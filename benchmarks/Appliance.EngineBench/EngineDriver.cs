using System.Diagnostics;
using Appliance.Core.Engines;
using Appliance.Core.Generation;

namespace Appliance.EngineBench;

/// <summary>The appliance's engine through its step contract: prefill in one step, then one step per token (greedy).</summary>
internal sealed class EngineDriver(ITextGenerationEngine engine)
{
    private static readonly SamplingParameters Greedy = new() { Temperature = 0, RepeatPenalty = 1 };

    /// <summary>Runs every step on the calling thread.</summary>
    public (double Prefill, double Decode) Round(int[] prompt, int generate) =>
        RoundAsync(prompt, generate, hop: false).GetAwaiter().GetResult();

    /// <summary>
    /// When <paramref name="hop"/> is set each step runs in <c>Task.Run</c> on whichever pool
    /// thread is free, as an await-based loop would: what the dedicated thread avoids.
    /// </summary>
    public async Task<(double Prefill, double Decode)> RoundAsync(int[] prompt, int generate, bool hop)
    {
        var slot = engine.Start(new SequenceStart(prompt, Greedy)).Slot;
        try
        {
            var clock = Stopwatch.StartNew();
            var token = (await StepAsync(new StepPlan([new StepItem(slot, prompt, true)]), hop))[0].Token;
            var prefill = clock.Elapsed.TotalSeconds;
            clock.Restart();
            for (var i = 1; i < generate; i++)
            {
                token = (await StepAsync(new StepPlan([new StepItem(slot, new[] { token }, true)]), hop))[0].Token;
            }

            return (prefill, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            engine.Release(slot);
        }
    }

    private Task<IReadOnlyList<SampledToken>> StepAsync(StepPlan plan, bool hop) =>
        hop ? Task.Run(() => engine.Step(plan)) : Task.FromResult(engine.Step(plan));
}
