using Appliance.Core.Engines;
using Appliance.Core.Generation;
using Appliance.Scheduling;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks;

/// <summary>
/// Cost of the scheduler's per-admission and per-step decisions, which run on the model's
/// worker thread between engine steps (a step is milliseconds; these should be microseconds).
/// </summary>
[MemoryDiagnoser]
public class SchedulingBenchmarks
{
    private AdmissionQueue<GenerationSequence> _queue = null!;
    private GenerationSequence[] _waiting = null!;
    private List<GenerationSequence> _running = null!;
    private StepPlanner _planner = null!;

    /// <summary>Calling systems with work waiting.</summary>
    [Params(4, 64)]
    public int Clients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new SchedulerOptions { MaxWaitingRequests = 10_000, MaxWaitingPromptTokens = int.MaxValue };
        var policies = new ClientPolicyTable(Enumerable.Range(0, Clients).ToDictionary(c => $"c{c}", c => new ClientPolicy { Weight = 1 + (c % 3) }));
        _queue = new AdmissionQueue<GenerationSequence>(options, policies);
        _waiting = [.. Enumerable.Range(0, 1024).Select(i => Sequence($"c{i % Clients}", (Priority)(i % 3), i))];
        _running = [.. Enumerable.Range(0, 64).Select(i => Sequence($"c{i % Clients}", Priority.Normal, i))];
        for (var i = 0; i < _running.Count; i++)
        {
            _running[i].Slot = new SequenceSlot(i);
            _running[i].InKv = i % 4 == 0 ? 0 : _running[i].PromptTokens.Length - 1; // a quarter still prefilling
        }

        _planner = new StepPlanner(tokenBudget: 512, prefillChunk: 128);
    }

    /// <summary>Queue 1024 requests and admit them all in fair-share order.</summary>
    [Benchmark]
    public int AdmitAll()
    {
        foreach (var sequence in _waiting)
        {
            _queue.TryAdd(sequence);
        }

        var admitted = 0;
        while (_queue.TryTake(out var sequence))
        {
            _queue.Charge(sequence.Request.ClientId, 100);
            _queue.Release(sequence.Request.ClientId);
            admitted++;
        }

        return admitted;
    }

    /// <summary>Plan one step over 64 running sequences.</summary>
    [Benchmark]
    public int PlanStep() => _planner.Plan(_running).Items.Count;

    private static GenerationSequence Sequence(string client, Priority priority, int i)
    {
        var request = new GenerationRequest { RequestId = $"r{i}", ModelId = "m", Prompt = "x", ClientId = client, Priority = priority };
        return new GenerationSequence(request, [.. Enumerable.Range(1, 200)], 4096, i);
    }
}
