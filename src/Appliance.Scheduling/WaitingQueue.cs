using System.Collections.Concurrent;

namespace Appliance.Scheduling;

/// <summary>
/// Bounded first-come queue of sequences waiting for an engine slot. Any thread may add or
/// fail; the worker takes. (The priority scheduler replaces this with per-class queues.)
/// </summary>
internal sealed class WaitingQueue
{
    private readonly ConcurrentQueue<GenerationSequence> _items = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds the sequence unless <paramref name="capacity"/> sequences already wait.</summary>
    public bool TryAdd(GenerationSequence sequence, int capacity)
    {
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _items.Enqueue(sequence);
        return true;
    }

    public bool TryTake(out GenerationSequence sequence)
    {
        if (_items.TryDequeue(out sequence!))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }

    /// <summary>Fails every queued sequence with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        while (TryTake(out var sequence))
        {
            sequence.Fail(error);
        }
    }
}
