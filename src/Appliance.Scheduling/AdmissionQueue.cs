using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// Requests of one model waiting for an engine slot, and the order they are admitted in:
/// urgent first; batch-class work gets at least <see cref="SchedulerOptions.BatchMinimumShare"/>
/// of admissions while it waits; within a class, weighted fair queuing by tokens: the waiting
/// client with the least tokens served per unit of weight goes next; in arrival order within a
/// client. Clients at their concurrency cap are skipped; weights and caps come from the
/// <see cref="IClientPolicies"/> port. Bounded by request count and
/// prompt tokens. Any thread may add; only the worker takes, charges and releases.
/// </summary>
internal sealed class AdmissionQueue<T>
    where T : class, IQueuedWork
{
    private readonly Lock _gate = new();
    private readonly SchedulerOptions _options;
    private readonly IClientPolicies _policies;
    private readonly int _maxCount;
    private readonly long _maxCost;
    private readonly string _unit;
    private readonly Dictionary<Priority, Dictionary<string, Queue<T>>> _queues = new()
    {
        [Priority.Urgent] = new(StringComparer.Ordinal),
        [Priority.Normal] = new(StringComparer.Ordinal),
        [Priority.Batch] = new(StringComparer.Ordinal),
    };

    private readonly Dictionary<string, AdmissionClientState> _clients = new(StringComparer.Ordinal);
    private int _count;
    private long _promptTokens;
    private long _admitted;
    private long _batchAdmitted;
    private double _virtualTime;

    /// <summary>A queue bounded by <see cref="SchedulerOptions.MaxWaitingRequests"/> and <see cref="SchedulerOptions.MaxWaitingPromptTokens"/>.</summary>
    public AdmissionQueue(SchedulerOptions options, IClientPolicies? policies = null)
        : this(options, policies, options.MaxWaitingRequests, options.MaxWaitingPromptTokens, "requests")
    {
    }

    /// <summary>A queue with its own bounds (batched models count inputs, not calls). Without <paramref name="policies"/> every client gets <see cref="SchedulerOptions.DefaultClient"/>.</summary>
    public AdmissionQueue(SchedulerOptions options, IClientPolicies? policies, int maxCount, long maxCost, string unit)
    {
        _unit = unit;
        _options = options;
        _policies = policies ?? new ClientPolicyTable(defaultPolicy: options.DefaultClient);
        _maxCount = maxCount;
        _maxCost = maxCost;
    }

    public int Count => Volatile.Read(ref _count);

    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    /// <summary>Clients the queue holds state for (bounded by the active ones: in development, callers without credentials may name themselves freely).</summary>
    public int TrackedClients
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Queues the work, or returns why not (null when queued).</summary>
    public string? TryAdd(T work) => TryAddRange([work]);

    /// <summary>Queues every item or none (one call's inputs), or returns why not (null when queued).</summary>
    public string? TryAddRange(IReadOnlyList<T> items)
    {
        lock (_gate)
        {
            if (_count + items.Count > _maxCount)
            {
                return $"{_count} {_unit} are waiting (at most {_maxCount})";
            }

            var cost = items.Sum(i => (long)i.Cost);
            if (_promptTokens + cost > _maxCost)
            {
                return $"{_maxCost} prompt tokens are waiting";
            }

            foreach (var work in items)
            {
                Enqueue(work);
            }

            return null;
        }
    }

    private void Enqueue(T work)
    {
        var client = Client(work.ClientId);
        if (client.Waiting == 0 && client.Running == 0)
        {
            // A client coming back from idle starts at the current virtual time: no saved-up credit.
            client.Service = Math.Max(client.Service, _virtualTime);
        }

        var perClient = _queues[work.Priority];
        if (!perClient.TryGetValue(work.ClientId, out var queue))
        {
            perClient[work.ClientId] = queue = new Queue<T>();
        }

        queue.Enqueue(work);
        client.Waiting++;
        _count++;
        _promptTokens += work.Cost;
    }

    /// <summary>Takes the next work to admit; the client's running count goes up until <see cref="Release"/>.</summary>
    public bool TryTake(out T work) => TryTake(null, out work);

    /// <summary>
    /// Takes the next work to admit if <paramref name="accept"/> accepts it (the batcher only
    /// adds compatible inputs to a batch); otherwise leaves it at the head and returns false.
    /// </summary>
    public bool TryTake(Func<T, bool>? accept, out T work)
    {
        lock (_gate)
        {
            work = null!;
            var priority = NextClass();
            if (priority is not { } chosen || Pick(chosen) is not { } queue || (accept is not null && !accept(queue.Peek())))
            {
                return false;
            }

            work = queue.Dequeue();
            if (queue.Count == 0)
            {
                _queues[chosen].Remove(work.ClientId);
            }

            var client = _clients[work.ClientId];
            client.Waiting--;
            client.Running++;
            _virtualTime = Math.Max(_virtualTime, client.Service);
            _count--;
            _promptTokens -= work.Cost;
            _admitted++;
            _batchAdmitted += chosen == Priority.Batch ? 1 : 0;
            return true;
        }
    }

    /// <summary>True when urgent work waits that could be admitted now (its client is under its cap).</summary>
    public bool UrgentWaiting
    {
        get
        {
            lock (_gate)
            {
                return HasEligible(Priority.Urgent);
            }
        }
    }

    /// <summary>
    /// Puts a preempted sequence back at the head of its client's queue (ahead of its client's
    /// later requests; outside the queue bounds, since it was admitted once) and releases its
    /// running count.
    /// </summary>
    public void Requeue(T work)
    {
        lock (_gate)
        {
            var perClient = _queues[work.Priority];
            var rest = perClient.TryGetValue(work.ClientId, out var queue) ? queue : [];
            perClient[work.ClientId] = new Queue<T>([work, .. rest]);
            var client = Client(work.ClientId);
            client.Running--;
            client.Waiting++;
            _count++;
            _promptTokens += work.Cost;
        }
    }

    /// <summary>Counts tokens processed for a client (prompt chunks and generated tokens).</summary>
    public void Charge(string clientId, int tokens)
    {
        lock (_gate)
        {
            var client = Client(clientId);
            client.Service += tokens / Math.Max(1e-6, _policies.For(clientId).Weight);
        }
    }

    /// <summary>Work taken with <see cref="TryTake(out T)"/> has ended.</summary>
    public void Release(string clientId)
    {
        lock (_gate)
        {
            var client = Client(clientId);
            client.Running--;
            Forget(clientId, client);
        }
    }

    /// <summary>Fails every queued item with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        List<T> all;
        lock (_gate)
        {
            all = [.. _queues.Values.SelectMany(c => c.Values).SelectMany(q => q)];
            foreach (var perClient in _queues.Values)
            {
                perClient.Clear();
            }

            foreach (var (id, client) in _clients.ToList())
            {
                client.Waiting = 0;
                Forget(id, client);
            }

            _count = 0;
            _promptTokens = 0;
        }

        foreach (var work in all)
        {
            work.Fail(error);
        }
    }

    private Priority? NextClass()
    {
        if (HasEligible(Priority.Urgent))
        {
            return Priority.Urgent;
        }

        var batch = HasEligible(Priority.Batch);
        // Batch is due when admitting it keeps its share of admissions within its guarantee:
        // with a share of 0.1 that is one admission in ten while normal work also waits.
        var batchDue = batch && _batchAdmitted + 1 <= _options.BatchMinimumShare * (_admitted + 1);
        if (batchDue)
        {
            return Priority.Batch;
        }

        return HasEligible(Priority.Normal) ? Priority.Normal : batch ? Priority.Batch : null;
    }

    private bool HasEligible(Priority priority) => Pick(priority) is not null;

    /// <summary>The eligible client queue with the least weighted service; ties go to the oldest head.</summary>
    private Queue<T>? Pick(Priority priority)
    {
        Queue<T>? best = null;
        var bestService = double.MaxValue;
        foreach (var (clientId, queue) in _queues[priority])
        {
            if (queue.Count == 0 || AtCap(clientId))
            {
                continue;
            }

            var service = _clients[clientId].Service;
            if (best is null || service < bestService || (service == bestService && queue.Peek().SubmittedAt < best.Peek().SubmittedAt))
            {
                best = queue;
                bestService = service;
            }
        }

        return best;
    }

    private bool AtCap(string clientId) =>
        _policies.For(clientId).MaxConcurrent is { } cap && _clients[clientId].Running >= cap;

    /// <summary>
    /// Drops an idle client's state. Its fair-share position survives anyway: a returning
    /// client starts at the current virtual time, so only a client that was ahead of it
    /// (over-served) loses that debt, and only after it went fully idle.
    /// </summary>
    private void Forget(string clientId, AdmissionClientState client)
    {
        if (client.Waiting == 0 && client.Running <= 0)
        {
            _clients.Remove(clientId);
        }
    }

    private AdmissionClientState Client(string clientId)
    {
        if (!_clients.TryGetValue(clientId, out var state))
        {
            _clients[clientId] = state = new AdmissionClientState();
        }

        return state;
    }
}
