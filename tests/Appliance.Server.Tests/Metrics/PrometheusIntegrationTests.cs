using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Appliance.Server.Tests.Metrics;

/// <summary>The shipped dashboard and alert rules against a real Prometheus scraping the real appliance.</summary>
public sealed partial class PrometheusIntegrationTests : IClassFixture<ObservabilityFixture>
{
    private static readonly string[] Alerts =
    [
        "ApplianceTargetDown", "ApplianceTargetMissing", "ApplianceQueueSaturated", "ApplianceHighErrorRate",
        "ApplianceTimeToFirstTokenSloBurn", "ApplianceGpuMemoryHigh", "ApplianceModelFailed", "ApplianceClientsFileNotInForce",
        "ApplianceStructuredAnswerInvalid", "ApplianceCertificateExpiresSoon", "ApplianceTaskUngroundedShareHigh", "ApplianceTaskRejectRateHigh",
        "ApplianceTaskSchemaFailures", "ApplianceTasksFileNotInForce",
    ];

    private readonly ObservabilityFixture _fixture;

    public PrometheusIntegrationTests(ObservabilityFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task EveryDashboardPanelQuery_ReturnsDataFromPrometheus()
    {
        var queries = DashboardQueries.Load(RepositoryPaths.Dashboard);
        var failures = new List<string>();
        foreach (var query in queries)
        {
            var expr = DashboardQueries.Substitute(query.Expr, MetricsServer.ModelId);
            try
            {
                var values = PrometheusServer.Values(await _fixture.Prometheus.QueryAsync(expr));
                if (values.Count == 0 || values.All(double.IsNaN))
                {
                    failures.Add($"{query.Panel} [{query.RefId}]: {(values.Count == 0 ? "no series" : "only NaN")}: {expr}");
                }
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"{query.Panel} [{query.RefId}]: {e.Message}");
            }
        }

        Assert.True(queries.Count >= 40, $"only {queries.Count} panel queries found in {RepositoryPaths.Dashboard}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {queries.Count} panel queries returned no data:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task ModelVariable_ListsTheServedModel()
    {
        var values = await _fixture.Prometheus.GetAsync("/api/v1/label/model/values?match[]=appliance_model_state");
        Assert.Contains(MetricsServer.ModelId, values.EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task AlertRules_LoadAndEvaluateCleanly_QueueFullMakesQueueSaturatedPending()
    {
        var groups = await _fixture.Prometheus.GetAsync("/api/v1/rules");
        var rules = groups.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();

        Assert.All(rules, r => Assert.True(r.GetProperty("health").GetString() == "ok", $"{r.GetProperty("name")}: {r}"));
        Assert.Equal(Alerts.Order(StringComparer.Ordinal),
            rules.Where(r => r.GetProperty("type").GetString() == "alerting").Select(r => r.GetProperty("name").GetString()!).Distinct().Order(StringComparer.Ordinal));

        // A queue-full rejection happened in the last 5 minutes: the saturation alert is pending (its for: is 5m).
        var active = new List<string>();
        await Bounded.UntilAsync(
            async _ =>
            {
                var alerts = (await _fixture.Prometheus.GetAsync("/api/v1/alerts")).GetProperty("alerts");
                active = [.. alerts.EnumerateArray().Select(a => $"{a.GetProperty("labels").GetProperty("alertname").GetString()}:{a.GetProperty("state").GetString()}")];
                return active.Contains("ApplianceQueueSaturated:pending");
            },
            () => "ApplianceQueueSaturated to be pending; active: " + string.Join(", ", active),
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(250));

        Assert.Contains("ApplianceQueueSaturated:pending", active);

        // The SLO recording rules read the 2 s bucket edge (an le label spelled differently would leave them empty and the alert silent).
        Assert.Equal([0.0], PrometheusServer.Values(await _fixture.Prometheus.QueryAsync(
            $"instance_model:appliance_ttft_slo_errors:ratio_rate5m{{model=\"{MetricsServer.ModelId}\"}}")));
        Assert.DoesNotContain(active, a => a.StartsWith("ApplianceModelFailed", StringComparison.Ordinal) || a.StartsWith("ApplianceTargetDown", StringComparison.Ordinal)
            || a.StartsWith("ApplianceClientsFileNotInForce", StringComparison.Ordinal));
    }

    [Fact]
    public void MetricNames_DocsScrapeDashboardAndRulesAgree()
    {
        var scrape = Scrape.Parse(_fixture.ScrapeText);
        var exported = scrape.Types.Keys.ToHashSet(StringComparer.Ordinal);
        var histograms = scrape.Types.Where(t => t.Value == "histogram").Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var documented = DocumentedMetric().Matches(File.ReadAllText(RepositoryPaths.MetricsDoc)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var dashboard = DashboardQueries.Load(RepositoryPaths.Dashboard).SelectMany(q => DashboardQueries.MetricFamilies(q.Expr, histograms));
        var rules = Directory.GetFiles(RepositoryPaths.RulesDirectory, "*.yml").SelectMany(f => DashboardQueries.MetricFamilies(File.ReadAllText(f), histograms));

        Assert.Equal(documented.Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));
        Assert.Empty(dashboard.Except(exported));
        Assert.Empty(rules.Except(exported));
    }

    [Fact]
    public async Task PromtoolCheckMetrics_AcceptsTheApplianceFamilies()
    {
        // Only the appliance's own families: promtool objects to some of the .NET runtime names (see facts).
        var own = string.Join("\n", _fixture.ScrapeText.Split('\n').Where(l => l.Contains("appliance_", StringComparison.Ordinal))) + "\n";
        var start = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(own);
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync().Within(TimeSpan.FromSeconds(60));

        Assert.True(promtool.ExitCode == 0, output);
        Assert.Contains("appliance_requests_total", own, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\| `((?:appliance|process|dotnet)_[a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedMetric();
}
