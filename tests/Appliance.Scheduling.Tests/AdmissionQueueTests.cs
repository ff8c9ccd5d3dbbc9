namespace Appliance.Scheduling.Tests;

public sealed class AdmissionQueueTests
{
    private long _clock;

    [Fact]
    public void TryTake_UrgentWaiting_GoesFirstWhateverArrivedEarlier()
    {
        var queue = new AdmissionQueue<GenerationSequence>(new SchedulerOptions());
        Add(queue, "a", Priority.Batch);
        Add(queue, "b", Priority.Normal);
        Add(queue, "c", Priority.Urgent);

        Assert.Equal(["c", "b", "a"], TakeAll(queue).Select(s => s.Request.ClientId));
    }

    [Fact]
    public void TryTake_NormalFlood_BatchStillGetsItsMinimumShare()
    {
        var queue = new AdmissionQueue<GenerationSequence>(new SchedulerOptions { BatchMinimumShare = 0.25, MaxWaitingRequests = 1000 });
        for (var i = 0; i < 40; i++)
        {
            Add(queue, "his", Priority.Normal);
            Add(queue, "nightly", Priority.Batch);
        }

        var first40 = TakeAll(queue).Take(40).ToList();

        Assert.InRange(first40.Count(s => s.Priority == Priority.Batch), 9, 11);
    }

    [Fact]
    public void TryTake_NoNormalWork_BatchRunsFreely()
    {
        var queue = new AdmissionQueue<GenerationSequence>(new SchedulerOptions { BatchMinimumShare = 0.1 });
        Add(queue, "nightly", Priority.Batch);
        Add(queue, "nightly", Priority.Batch);

        Assert.Equal(2, TakeAll(queue).Count);
    }

    [Fact]
    public void TryTake_WeightsOneToThree_TokenSharesFollowTheWeights()
    {
        var options = new SchedulerOptions { MaxWaitingRequests = 1000 };
        var policies = new ClientPolicyTable(new Dictionary<string, ClientPolicy> { ["emr"] = new() { Weight = 1 }, ["lis"] = new() { Weight = 3 } });
        var queue = new AdmissionQueue<GenerationSequence>(options, policies);
        for (var i = 0; i < 100; i++)
        {
            Add(queue, "emr", Priority.Normal);
            Add(queue, "lis", Priority.Normal);
        }

        var served = new Dictionary<string, int> { ["emr"] = 0, ["lis"] = 0 };
        for (var i = 0; i < 100; i++)
        {
            Assert.True(queue.TryTake(out var s));
            queue.Charge(s.Request.ClientId, 100);
            queue.Release(s.Request.ClientId);
            served[s.Request.ClientId] += 100;
        }

        var ratio = (double)served["lis"] / served["emr"];
        Assert.InRange(ratio, 3 * 0.9, 3 * 1.1);
    }

    [Fact]
    public void TryTake_ClientBackFromIdle_GetsNoSavedUpCredit()
    {
        var queue = new AdmissionQueue<GenerationSequence>(new SchedulerOptions());
        for (var i = 0; i < 10; i++)
        {
            Add(queue, "busy", Priority.Normal);
            Assert.True(queue.TryTake(out var s));
            queue.Charge("busy", 100);
            queue.Release("busy");
        }

        for (var i = 0; i < 10; i++)
        {
            Add(queue, "busy", Priority.Normal);
            Add(queue, "late", Priority.Normal);
        }

        var firstSix = TakeAll(queue, charge: 100).Take(6).Select(s => s.Request.ClientId).ToList();

        Assert.InRange(firstSix.Count(c => c == "busy"), 2, 4);
    }

    [Fact]
    public void TryTake_ClientAtConcurrencyCap_IsSkippedUntilItReleases()
    {
        var policies = new ClientPolicyTable(new Dictionary<string, ClientPolicy> { ["pacs"] = new() { MaxConcurrent = 1 } });
        var queue = new AdmissionQueue<GenerationSequence>(new SchedulerOptions(), policies);
        Add(queue, "pacs", Priority.Normal);
        Add(queue, "pacs", Priority.Normal);
        Add(queue, "his", Priority.Normal);

        Assert.True(queue.TryTake(out var first));
        Assert.True(queue.TryTake(out var second));
        Assert.False(queue.TryTake(out _));
        queue.Release("pacs");
        Assert.True(queue.TryTake(out var third));

        Assert.Equal(["pacs", "his", "pacs"], new[] { first, second, third }.Select(s => s.Request.ClientId));
    }

    [Fact]
    public void TryAdd_PromptTokenBound_RefusesNamingTheLimit()
    {
        var queue = new AdmissionQueue<GenerationSequence>(new SchedulerOptions { MaxWaitingPromptTokens = 10 });

        Assert.Null(queue.TryAdd(Sequence("a", Priority.Normal, promptTokens: 6)));
        var refused = queue.TryAdd(Sequence("a", Priority.Normal, promptTokens: 6));

        Assert.Contains("10 prompt tokens", refused, StringComparison.Ordinal);
        Assert.Equal(1, queue.Count);
        Assert.Equal(6, queue.PromptTokens);
    }

    [Fact]
    public void Release_ManySelfNamedClients_StateIsDroppedOnceIdle()
    {
        var queue = new AdmissionQueue<GenerationSequence>(new SchedulerOptions { MaxWaitingRequests = 20_000 });
        for (var i = 0; i < 2_000; i++)
        {
            Add(queue, $"caller-{i}", Priority.Normal);
        }

        Assert.Equal(2_000, queue.TrackedClients);
        Assert.Equal(2_000, TakeAll(queue, charge: 10).Count);
        Assert.Equal(0, queue.TrackedClients);
    }

    [Theory]
    [InlineData(Priority.Urgent, Priority.Normal, Priority.Normal)]
    [InlineData(Priority.Normal, Priority.Normal, Priority.Normal)]
    [InlineData(Priority.Batch, Priority.Normal, Priority.Batch)]
    [InlineData(Priority.Urgent, Priority.Batch, Priority.Batch)]
    [InlineData(Priority.Urgent, Priority.Urgent, Priority.Urgent)]
    public void Cap_RequestAboveTheCeiling_IsLowered(Priority requested, Priority ceiling, Priority expected)
    {
        Assert.Equal(expected, new ClientPolicy { PriorityCeiling = ceiling }.Cap(requested));
    }

    private void Add(AdmissionQueue<GenerationSequence> queue, string client, Priority priority) =>
        Assert.Null(queue.TryAdd(Sequence(client, priority)));

    private GenerationSequence Sequence(string client, Priority priority, int promptTokens = 4)
    {
        var request = Harness.Request() with { ClientId = client, Priority = priority };
        return new GenerationSequence(request, [.. Enumerable.Range(1, promptTokens)], 64, ++_clock);
    }

    private static List<GenerationSequence> TakeAll(AdmissionQueue<GenerationSequence> queue, int charge = 0)
    {
        var taken = new List<GenerationSequence>();
        while (queue.TryTake(out var s))
        {
            queue.Charge(s.Request.ClientId, charge);
            queue.Release(s.Request.ClientId);
            taken.Add(s);
        }

        return taken;
    }
}
