namespace Appliance.Scheduling.Tests;

/// <summary>Priorities, fair share and caps through the real worker loop and a fake engine.</summary>
public sealed class SchedulingPolicyTests
{
    [Fact]
    public async Task Worker_TwoClientsWeightedOneToThree_AdmissionsFollowTheWeights()
    {
        var options = new SchedulerOptions { MaxWaitingRequests = 200 };
        var policies = Policies(("emr", new ClientPolicy { Weight = 1 }), ("lis", new ClientPolicy { Weight = 3 }));
        await using var h = new Harness(new FakeEngine(maxSequences: 2), options, start: false, policies: policies);
        var streams = new List<GenerationStream>();
        for (var i = 0; i < 40; i++)
        {
            streams.Add(h.Scheduler.Submit(Request("a", "emr", Priority.Normal), CancellationToken.None));
            streams.Add(h.Scheduler.Submit(Request("b", "lis", Priority.Normal), CancellationToken.None));
        }

        h.Worker.Start();
        await Task.WhenAll(streams.Select(Harness.ReadAllAsync));

        var first40 = h.Engine.Admissions.Take(40).ToList();
        Assert.InRange(first40.Count(c => c == 'a'), 9, 11);
        Assert.Equal(0, h.Worker.RunningCount + h.Worker.WaitingCount);
    }

    [Fact]
    public async Task Worker_UrgentBehindABatchBacklog_IsAdmittedFirst()
    {
        await using var h = new Harness(new FakeEngine(maxSequences: 2), start: false);
        var streams = Enumerable.Range(0, 10).Select(_ => h.Scheduler.Submit(Request("b", "nightly", Priority.Batch), CancellationToken.None)).ToList();
        streams.Add(h.Scheduler.Submit(Request("u", "icu", Priority.Urgent), CancellationToken.None));

        h.Worker.Start();
        await Task.WhenAll(streams.Select(Harness.ReadAllAsync));

        Assert.Equal('u', h.Engine.Admissions.First());
    }

    [Fact]
    public async Task Worker_PriorityAsTheRequestCarriesIt_TheCeilingIsNotAppliedAgain()
    {
        // The call pipeline applies the ceiling once (CallContextFactory); the scheduler trusts the request.
        var options = new SchedulerOptions { BatchMinimumShare = 0 };
        var policies = Policies(("kiosk", new ClientPolicy { PriorityCeiling = Priority.Batch }));
        await using var h = new Harness(new FakeEngine(maxSequences: 1), options, start: false, policies: policies);
        var his = h.Scheduler.Submit(Request("h", "his", Priority.Normal), CancellationToken.None);
        var kiosk = h.Scheduler.Submit(Request("k", "kiosk", Priority.Urgent), CancellationToken.None);

        h.Worker.Start();
        await Task.WhenAll(Harness.ReadAllAsync(kiosk), Harness.ReadAllAsync(his));

        Assert.Equal(['k', 'h'], h.Engine.Admissions);
    }

    [Fact]
    public async Task Worker_ClientConcurrencyCap_NeverExceeded()
    {
        var engine = new FakeEngine(maxSequences: 3);
        await using var h = new Harness(engine, start: false, policies: Policies(("pacs", new ClientPolicy { MaxConcurrent = 1 })));
        var streams = Enumerable.Range(0, 6).Select(_ => h.Scheduler.Submit(Request("p", "pacs", Priority.Normal), CancellationToken.None)).ToList();

        h.Worker.Start();
        await Task.WhenAll(streams.Select(Harness.ReadAllAsync));

        Assert.All(engine.Plans, plan => Assert.True(plan.Items.Count <= 1));
    }

    private static ClientPolicyTable Policies(params (string Client, ClientPolicy Policy)[] clients) =>
        new(clients.ToDictionary(c => c.Client, c => c.Policy, StringComparer.Ordinal));

    private static GenerationRequest Request(string tag, string client, Priority priority) =>
        Harness.Request(tag + "rest", maxTokens: 8) with { ClientId = client, Priority = priority };
}
