using Prometheus;

namespace Appliance.Server.Metrics;

/// <summary>
/// .NET runtime state read at scrape time, beyond prometheus-net's process metrics: thread-pool
/// starvation (queue length, threads) and GC pauses are what an operator looks at when latency
/// rises with no load change.
/// </summary>
internal sealed class RuntimeMetrics
{
    private readonly Gauge _threads;
    private readonly Gauge _queueLength;
    private readonly Counter _completed;
    private readonly Gauge _heapSize;
    private readonly Counter _gcPause;
    private readonly Counter _lockContentions;

    public RuntimeMetrics(CollectorRegistry registry)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        _threads = f.CreateGauge("dotnet_threadpool_threads", "Thread-pool threads.");
        _queueLength = f.CreateGauge("dotnet_threadpool_queue_length", "Work items waiting for a thread-pool thread.");
        _completed = f.CreateCounter("dotnet_threadpool_completed_items_total", "Work items the thread pool has run.");
        _heapSize = f.CreateGauge("dotnet_gc_heap_size_bytes", "Managed heap size after the last garbage collection.");
        _gcPause = f.CreateCounter("dotnet_gc_pause_seconds_total", "Time the runtime was paused for garbage collection.");
        _lockContentions = f.CreateCounter("dotnet_lock_contentions_total", "Times a thread waited for a contended Monitor lock.");
    }

    public void Collect()
    {
        _threads.Set(ThreadPool.ThreadCount);
        _queueLength.Set(ThreadPool.PendingWorkItemCount);
        _completed.IncTo(ThreadPool.CompletedWorkItemCount);
        _heapSize.Set(GC.GetGCMemoryInfo().HeapSizeBytes);
        _gcPause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
        _lockContentions.IncTo(Monitor.LockContentionCount);
    }
}
