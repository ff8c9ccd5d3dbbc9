namespace Appliance.Scheduling.Tests;

/// <summary>The KV cache share the worker publishes for appliance_kv_cache_usage_ratio.</summary>
public sealed class KvCacheUsageTests
{
    [Fact]
    public async Task KvCacheUsage_RunningSequenceHoldsItsTokens_ZeroWhenItEnds()
    {
        using var gate = new SemaphoreSlim(0);
        var engine = new FakeEngine(contextLength: 64, maxSequences: 2) { TextFor = n => { if (n == 2) { gate.Wait(); } return "x"; } };
        await using var h = new Harness(engine);
        Assert.Equal(0, h.Worker.KvCacheUsage);

        var stream = h.Scheduler.Submit(Harness.Request("hello", maxTokens: 5), CancellationToken.None);
        await Bounded.UntilAsync(() => h.Worker.KvCacheUsage != 0, "the prompt to fill the KV cache");

        // Blocked in the second step: the 6 prompt tokens (BOS + "hello") are in the KV cache of
        // one slot, out of 2 slots x 64 cells; the value is stable until the gate opens.
        Assert.Equal(6.0 / 128, h.Worker.KvCacheUsage);
        gate.Release();
        Assert.Equal(FinishReason.Length, Harness.Final(await Harness.ReadAllAsync(stream)).Reason);
        await Bounded.UntilAsync(() => h.Worker.KvCacheUsage == 0, "the finished sequence to leave the KV cache");
    }
}
