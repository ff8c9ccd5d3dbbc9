using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Contracts.V1;

namespace Appliance.Cli.CommandLine;

/// <summary><c>models</c> and its subcommands. <c>models verify</c> joins here as a sibling of <c>list</c>.</summary>
internal static class ModelsCommandLine
{
    public static Command Create(GlobalOptions global)
    {
        var models = new Command("models", "Configured models.");
        models.Subcommands.Add(CreateList(global));
        return models;
    }

    private static Command CreateList(GlobalOptions global)
    {
        var list = new Command("list", "List every configured model with its state, quantisation, context and backend.");
        list.SetAction(async (parse, cancellationToken) =>
        {
            var server = parse.GetRequiredValue(global.Server);
            using var channel = ServerChannel.Create(server);
            var command = new ModelsListCommand(CommandContext.ForConsole(server));
            return await command.RunAsync(new Models.ModelsClient(channel), cancellationToken);
        });
        return list;
    }
}
