using System.CommandLine;
using Appliance.Cli.Commands;
using Grpc.Health.V1;

namespace Appliance.Cli.CommandLine;

/// <summary><c>health [--model ID] [--wait SECONDS]</c>.</summary>
internal static class HealthCommandLine
{
    public static Command Create(GlobalOptions global)
    {
        var model = new Option<string?>("--model", "-m")
        {
            Description = "Check one model (service \"model/<id>\") instead of the whole server",
            HelpName = "id",
        };
        var wait = new Option<double?>("--wait")
        {
            Description = "Poll until SERVING, for at most this many seconds",
            HelpName = "seconds",
        };
        wait.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } seconds && !(seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2))
            {
                result.AddError("--wait: must be a positive number of seconds");
            }
        });

        var health = new Command("health", "Check grpc.health.v1 for the server or one model; exit code 0 when SERVING.")
        {
            model,
            wait,
        };
        health.SetAction(async (parse, cancellationToken) =>
        {
            var options = new HealthOptions(
                parse.GetValue(model),
                parse.GetValue(wait) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                LiveProgress: !Console.IsErrorRedirected);
            return await global.RunAsync(parse, (channel, context) =>
                new HealthCommand(context).RunAsync(new Health.HealthClient(channel), options, cancellationToken));
        });
        return health;
    }
}
