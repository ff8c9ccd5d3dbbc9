using System.Globalization;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
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
        var metrics = MetricsPortOptions.Address(several: true);
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
            + "Several boxes (--server a,b or a DNS name with several addresses): one screen per box and a fleet line; --metrics then gives one address per box, or one whose port every box uses. "
            + "Exit code 0 when every model is ready; 8 a model failed, 5 still loading or not serving, 9 metrics unreadable, 4 server unreachable; with several boxes, the worst box's.")
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
            var metricsAddress = parse.GetRequiredValue(metrics);
            return await global.RunWithCredentialsAsync(parse, (credentials, context) =>
                RunAsync(new StatusRun(credentials, context, http, metricsAddress, options), cancellationToken));
        });
        return status;
    }

    /// <summary>One box's screen, or one per box and a fleet line when --server names several (<see cref="FleetBoxes"/>).</summary>
    private static async Task<int> RunAsync(StatusRun run, CancellationToken cancellationToken)
    {
        IReadOnlyList<FleetBoxes.Box>? boxes;
        try
        {
            boxes = await FleetBoxes.ResolveAsync(run.Context.ServerAddress, run.Metrics, Dns.GetHostAddressesAsync, cancellationToken);
        }
        catch (ArgumentException exception)
        {
            await run.Context.Error.WriteLineAsync($"error: {exception.Message}");
            return ExitCodes.InvalidArgument;
        }
        catch (SocketException)
        {
            boxes = null; // one box: its screen reports the name that does not resolve
        }

        if (boxes is null)
        {
            if (run.Metrics.Contains(',', StringComparison.Ordinal))
            {
                await run.Context.Error.WriteLineAsync("error: --metrics: several addresses for one box");
                return ExitCodes.InvalidArgument;
            }

            using var channel = ServerChannel.Create(run.Context.ServerAddress, run.Credentials, run.Context.Error);
            return await new StatusCommand(run.Context, new MetricsScraper(run.Http, run.Metrics))
                .RunAsync(new Models.ModelsClient(channel), new Health.HealthClient(channel), run.Options, cancellationToken);
        }

        if (run.Options.Watch is not null)
        {
            await run.Context.Error.WriteLineAsync("error: --watch redraws one box; with several boxes status draws once (run it under watch(1) to repeat)");
            return ExitCodes.InvalidArgument;
        }

        var boxOptions = run.Options with { ErrorIsTerminal = false };
        return await new FleetStatusCommand(run.Context).RunAsync([.. boxes.Select(b => (b.Label, b.Address.GetLeftPart(UriPartial.Authority)))], async (i, boxContext) =>
        {
            using var channel = ServerChannel.Direct(boxes[i].Address, run.Credentials, boxContext.Error, boxes[i].ConnectTo);
            var command = new StatusCommand(boxContext, new MetricsScraper(run.Http, boxes[i].Metrics));
            var code = await command.RunAsync(new Models.ModelsClient(channel), new Health.HealthClient(channel), boxOptions, cancellationToken);
            return (code, command.LastReport);
        });
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

    /// <summary>What one invocation of status works with.</summary>
    private sealed record StatusRun(ClientCredentials Credentials, CommandContext Context, HttpClient Http, string Metrics, StatusOptions Options);
}
