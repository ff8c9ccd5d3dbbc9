namespace Appliance.Server.Tests.Metrics;

/// <summary>
/// The appliance (real server, real engine, fake GPU) and a real Prometheus scraping it every
/// second with the shipped alert rules, after two rounds of load: successes, a queue-full
/// rejection, an invalid request, an unknown model and two cancelled calls. Two rounds, so
/// every counter has risen between scrapes and every rate() is defined.
/// </summary>
public sealed class ObservabilityFixture : IAsyncLifetime
{
    public MetricsServer Appliance { get; private set; } = null!;

    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>The appliance's own metrics page after the load.</summary>
    public string ScrapeText { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Appliance = await MetricsServer.StartAsync(fakeGpu: true);
        Prometheus = await PrometheusServer.StartAsync(Appliance.Server.MetricsAddress!, Directory.GetFiles(RepositoryPaths.RulesDirectory, "*.yml"));
        await Prometheus.WaitForAsync("up{job=\"appliance\"}", v => v == 1, TimeSpan.FromSeconds(60));
        for (var round = 0; round < 2; round++)
        {
            await Appliance.DriveLoadAsync();
            var served = Scrape.Parse(await Appliance.Server.ScrapeAsync()).Sum("appliance_requests_total");
            await Prometheus.WaitForAsync("sum(appliance_requests_total)", v => v >= served, TimeSpan.FromSeconds(60));
        }

        ScrapeText = await Appliance.Server.ScrapeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        if (Appliance is not null)
        {
            await Appliance.DisposeAsync();
        }
    }
}
