using System.CommandLine;
using Appliance.Cli.Metrics;

namespace Appliance.Cli.CommandLine;

/// <summary>The <c>--metrics</c> option and the HTTP client of the commands that read the server's metrics port (<c>status</c>, <c>audit head</c>).</summary>
internal static class MetricsPortOptions
{
    /// <summary><c>--metrics URL</c>, defaulting to $APPLIANCE_METRICS or the production port; a bad value (also from the variable) is a parse error.</summary>
    /// <param name="several">Also accept several addresses separated by commas (status over several boxes).</param>
    public static Option<string> Address(bool several = false)
    {
        var metrics = new Option<string>("--metrics")
        {
            Description = $"Base address of the server's metrics port (Appliance:Metrics; plain HTTP). Or set ${MetricsScraper.EnvironmentVariable}. The development server's is {MetricsScraper.DevelopmentAddress}",
            HelpName = "url",
            DefaultValueFactory = _ => MetricsScraper.DefaultFromEnvironment(),
        };
        metrics.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if ((several ? FleetBoxes.ValidateMetrics(value) : MetricsScraper.Validate(value)) is { } error)
            {
                result.AddError($"{(result.Implicit ? "$" + MetricsScraper.EnvironmentVariable : "--metrics")}: {error}");
            }
        });
        return metrics;
    }

    /// <summary>A client for the metrics port (the caller disposes it).</summary>
    public static HttpClient CreateHttpClient() =>

        // No proxy: the metrics port is on this box or the management network, never behind a hospital's web proxy.
        new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), UseProxy = false });
}
