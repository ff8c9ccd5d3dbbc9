using Appliance.Core.Generation;
using Appliance.Scheduling;
using Appliance.Server.Metrics;
using Appliance.Server.Models;
using Appliance.Server.Security;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Appliance.Benchmarks;

/// <summary>
/// What metrics cost where it matters: per generated token on the model's worker thread
/// (the observer's OnToken against the null observer), and one scrape of a registry holding
/// a realistic set of series.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private readonly RequestInfo _request = new("qwen2.5-7b", "his", Priority.Normal, 500);
    private ISchedulerObserver _prometheus = null!;
    private CollectorRegistry _registry = null!;
    private MemoryStream _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _registry = Prometheus.Metrics.NewCustomRegistry();
        var ids = new ConfiguredModelIds();
        ids.Publish(["qwen2.5-7b", "qwen2.5-14b", "bge-m3", "minilm"]);
        var clients = ClientDirectory.Fixed(["his", "emr", "lis", "pacs", "portal", "emr-batch"], new SchedulerOptions());
        var observer = new PrometheusSchedulerObserver(new ApplianceMetrics(_registry), new MetricLabels(ids, clients));
        _prometheus = observer;

        // Fill the registry the way a busy day would: every model x client x priority x outcome.
        foreach (var model in new[] { "qwen2.5-7b", "qwen2.5-14b", "bge-m3", "minilm", "other" })
        {
            foreach (var client in clients.Current.ById.Keys.Append("other"))
            {
                foreach (var priority in new[] { Priority.Urgent, Priority.Normal, Priority.Batch })
                {
                    var info = new RequestInfo(model, client, priority, 100);
                    observer.OnAdmitted(info, TimeSpan.FromMilliseconds(3));
                    observer.OnFirstToken(info, TimeSpan.FromMilliseconds(300));
                    observer.OnToken(info, TimeSpan.FromMilliseconds(20));
                    observer.OnFinished(info, FinishReason.Stop, new TokenUsage(100, 50, 10),
                        new GenerationTimings(TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2)));
                    observer.OnRejected(info, RejectionReason.QueueFull);
                }
            }

            observer.OnStep(model, 8, 8, TimeSpan.FromMilliseconds(20));
        }

        _buffer = new MemoryStream(1 << 20);
    }

    /// <summary>Baseline: the scheduler with no metrics.</summary>
    [Benchmark(Baseline = true)]
    public void OnToken_NullObserver() => NullSchedulerObserver.Instance.OnToken(_request, TimeSpan.FromMilliseconds(20));

    /// <summary>Per generated token: inter-token histogram + token counter, labels folded.</summary>
    [Benchmark]
    public void OnToken_Prometheus() => _prometheus.OnToken(_request, TimeSpan.FromMilliseconds(20));

    /// <summary>Per engine step: batch-size and step-duration histograms.</summary>
    [Benchmark]
    public void OnStep_Prometheus() => _prometheus.OnStep("qwen2.5-7b", 8, 8, TimeSpan.FromMilliseconds(20));

    /// <summary>One scrape of the filled registry (text format), as Prometheus does every 15 s.</summary>
    [Benchmark]
    public long Scrape()
    {
        _buffer.SetLength(0);
        _registry.CollectAndExportAsTextAsync(_buffer).GetAwaiter().GetResult();
        return _buffer.Length;
    }
}
