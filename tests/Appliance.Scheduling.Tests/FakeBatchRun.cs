using System.Collections.Concurrent;

namespace Appliance.Scheduling.Tests;

/// <summary>The engine call of a <c>BatchWorker&lt;int, string&gt;</c>: records every batch; input n gives "out{n}".</summary>
internal sealed class FakeBatchRun : IDisposable
{
    public ConcurrentQueue<int[]> Batches { get; } = new();

    public RunControl Control { get; } = new();

    public IReadOnlyList<string> Run(IReadOnlyList<int> batch, CancellationToken cancellationToken)
    {
        Batches.Enqueue([.. batch]);
        Control.Enter(cancellationToken);
        return [.. batch.Select(n => $"out{n}")];
    }

    public void Dispose() => Control.Dispose();
}
