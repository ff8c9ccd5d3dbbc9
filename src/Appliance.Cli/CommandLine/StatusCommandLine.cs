using System.Globalization;
using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Cli.Metrics;
using Appliance.Contracts.V1;
using Grpc.Health.V1;

namespace Appliance.Cli.CommandLine;

/// <summary><c>status [--metrics URL] [--interval S] [--watch S] [--wait S]</c>.</summary>
internal static class StatusCommandLine
{
    private const double MaxSeconds = 86_400;

    public static Command Create(GlobalOptions global)
    {
        var metrics = MetricsPortOptions.Address();
        var interval = Seconds("--interval", "Seconds between the two reads of the metrics page that request rates are computed from", 0.1, 60);
        interval.DefaultValueFactory = _ => StatusOptions.DefaultInterval.TotalSeconds;
        var watch = Seconds("--watch", "Redraw the screen every this many seconds until Ctrl+C (rates then cover the time between screens)", 1, MaxSeconds);
        var wait = Seconds(
            "--wait",
            "First wait at most this many seconds for every model to finish loading, with a progress bar on stderr. The bar counts models done (ready or failed) of all configured, and the time waited: the server reports no per-model load percentage",
            1,
            MaxSeconds);

        var status = new Command(
            "status",
            "One screen for IT on the box: models and states, queues, KV cache, requests/s and errors per method, GPU memory, version, uptime and the audit chain head. "
            + "Reads the gRPC port (--server and credentials) and the metrics port (--metrics). "
            + "Exit code 0 when every model is ready; 8 a model failed, 5 still loading or not serving, 9 metrics unreadable, 4 server unreachable.")
        {
            metrics,
            interval,
            watch,
            wait,
        };
        status.SetAction(async (parse, cancellationToken) =>
        {
            var invocation = parse.InvocationConfiguration;
            var outputIsTerminal = ReferenceEquals(invocation.Output, Console.Out) && !Console.IsOutputRedirected;
            var options = new StatusOptions(
                TimeSpan.FromSeconds(parse.GetValue(interval) ?? StatusOptions.DefaultInterval.TotalSeconds),
                parse.GetValue(watch) is { } every ? TimeSpan.FromSeconds(every) : null,
                parse.GetValue(wait) is { } limit ? TimeSpan.FromSeconds(limit) : null,
                OutputIsTerminal: outputIsTerminal,
                ErrorIsTerminal: ReferenceEquals(invocation.Error, Console.Error) && !Console.IsErrorRedirected,
                Colour: outputIsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
            using var http = MetricsPortOptions.CreateHttpClient();
            var scraper = new MetricsScraper(http, parse.GetRequiredValue(metrics));
            return await global.RunAsync(parse, (channel, context) =>
                new StatusCommand(context, scraper).RunAsync(new Models.ModelsClient(channel), new Health.HealthClient(channel), options, cancellationToken));
        });
        return status;
    }

    private static Option<double?> Seconds(string name, string description, double minimum, double maximum)
    {
        var option = new Option<double?>(name) { Description = description, HelpName = "seconds" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } seconds && !(seconds >= minimum && seconds <= maximum))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name}: must be between {minimum} and {maximum} seconds"));
            }
        });
        return option;
    }
}
