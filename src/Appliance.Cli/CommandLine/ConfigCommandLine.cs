using System.CommandLine;
using Appliance.Cli.Commands;

namespace Appliance.Cli.CommandLine;

/// <summary><c>config check [--config-dir DIR] [--server-binary PATH]</c> (local; no running server needed).</summary>
internal static class ConfigCommandLine
{
    public static Command Create()
    {
        var config = new Command("config", "The server's configuration on this box.");
        var directory = new Option<string?>("--config-dir")
        {
            Description = $"The site configuration folder (default: ${ConfigCheckCommand.ConfigDirectoryVariable}, else /etc/appliance)",
            HelpName = "dir",
        };
        var binary = new Option<string?>("--server-binary")
        {
            Description = $"The server program whose checks run (default: ${ConfigCheckCommand.ServerBinaryVariable}, else the one installed beside this appliancectl, "
                + "else /opt/appliance/current/bin/server/Appliance.Server). Before an upgrade, give the NEW version's program.",
            HelpName = "path",
        };
        var check = new Command(
            "check",
            "Check settings, clients.json, TLS files and model manifests exactly as the server does at start, without starting it: "
            + "every problem with its file, line or key. Exit code 0 when the server would start, 1 when it would not, 2 when the check could not run.")
        {
            directory,
            binary,
        };
        check.SetAction(async (parse, cancellationToken) =>
            await new ConfigCheckCommand(ConsoleContext.For(parse)).RunAsync(parse.GetValue(directory), parse.GetValue(binary), cancellationToken));
        config.Subcommands.Add(check);
        return config;
    }
}
