using Appliance.Core.Generation;
using Appliance.Scheduling;
using Appliance.Server.Metrics;
using Appliance.Server.Models;
using Appliance.Server.Security;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Appliance.Server.Tests.Metrics;

/// <summary>The observer on a fresh registry: events the integration load does not produce (preemption) and label folding.</summary>
public sealed class PrometheusSchedulerObserverTests
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly PrometheusSchedulerObserver _observer;

    public PrometheusSchedulerObserverTests()
    {
        var ids = new ConfiguredModelIds();
        ids.Publish(["m"]);
        _observer = new PrometheusSchedulerObserver(new ApplianceMetrics(_registry), new MetricLabels(ids, ClientDirectory.Fixed(["his"], new SchedulerOptions())));
    }

    private async Task<Scrape> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Scrape.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task OnPreempted_CountsPerModel()
    {
        _observer.OnPreempted(new RequestInfo("m", "his", Priority.Batch, 10));
        _observer.OnPreempted(new RequestInfo("m", "emr", Priority.Batch, 10));

        Assert.Equal(2, (await ScrapeAsync()).Sum("appliance_preemptions_total", ("model", "m")));
    }

    [Fact]
    public async Task OnFinished_TokensAndCacheCountedByModelAndClient_UnknownClientIsOther()
    {
        _observer.OnFinished(new RequestInfo("m", "his", Priority.Urgent, 100), FinishReason.Stop, new TokenUsage(100, 20, 64, ReasoningTokens: 12),
            new GenerationTimings(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2)));
        _observer.OnFinished(new RequestInfo("m", "patient-portal-test", Priority.Normal, 50), FinishReason.Deadline, new TokenUsage(50, 3),
            new GenerationTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1)));

        var scrape = await ScrapeAsync();
        Assert.Equal(100, scrape.Sum("appliance_prompt_tokens_total", ("model", "m"), ("client", "his")));
        Assert.Equal(50, scrape.Sum("appliance_prompt_tokens_total", ("model", "m"), ("client", "other")));
        Assert.Equal(64, scrape.Sum("appliance_prompt_tokens_cached_total", ("model", "m")));
        Assert.Equal(12, scrape.Sum("appliance_reasoning_tokens_total", ("model", "m")));
        Assert.Equal(1, scrape.Sum("appliance_requests_finished_total", ("priority", "urgent"), ("finish_reason", "stop")));
        Assert.Equal(1, scrape.Sum("appliance_requests_finished_total", ("priority", "normal"), ("finish_reason", "deadline")));
        Assert.Equal(1, scrape.Sum("appliance_request_duration_seconds_bucket", ("model", "m"), ("priority", "urgent"), ("le", "2.5")));
        Assert.Equal(0, scrape.Sum("appliance_request_duration_seconds_bucket", ("model", "m"), ("priority", "urgent"), ("le", "1")));
    }

    [Fact]
    public async Task OnToken_CountsGeneratedTokensLive_UnknownModelIsOther()
    {
        var info = new RequestInfo("not-configured", "his", Priority.Normal, 5);
        _observer.OnFirstToken(info, TimeSpan.FromSeconds(1.5));
        _observer.OnToken(info, TimeSpan.FromMilliseconds(80));
        _observer.OnToken(info, TimeSpan.FromMilliseconds(120));

        var scrape = await ScrapeAsync();
        Assert.Equal(3, scrape.Sum("appliance_generation_tokens_total", ("model", "other"), ("client", "his")));
        Assert.Equal(1, scrape.Sum("appliance_time_to_first_token_seconds_bucket", ("model", "other"), ("le", "2")));
        Assert.Equal(1, scrape.Sum("appliance_inter_token_latency_seconds_bucket", ("model", "other"), ("le", "0.1")));
        Assert.Equal(2, scrape.Sum("appliance_inter_token_latency_seconds_count", ("model", "other")));
        Assert.DoesNotContain("not-configured", scrape.LabelValues("model"));
    }
}
