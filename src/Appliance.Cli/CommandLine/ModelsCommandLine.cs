using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Contracts.V1;

namespace Appliance.Cli.CommandLine;

/// <summary><c>models</c> and its subcommands: <c>list</c> (the server's view), <c>verify</c> and <c>add</c> (local, on the box).</summary>
internal static class ModelsCommandLine
{
    public static Command Create(GlobalOptions global)
    {
        var models = new Command("models", "Configured models.");
        models.Subcommands.Add(CreateList(global));
        models.Subcommands.Add(CreateVerify());
        models.Subcommands.Add(ModelsAddCommandLine.Create());
        return models;
    }

    private static Command CreateVerify()
    {
        var directories = new Argument<string[]>("directories")
        {
            Description = $"Folders holding model manifests (*.json) (default: {ModelsAddCommand.BoxModelsDirectory} when it exists, else ./models)",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [ModelsAddCommand.DefaultDirectory(Directory.Exists, "models")],
        };
        var verify = new Command("verify", "Validate every manifest and check the sha256 of each model's weights and vocabulary files (runs locally, no server needed).")
        {
            directories,
        };
        verify.SetAction(async (parse, cancellationToken) =>
            await new ModelsVerifyCommand(ConsoleContext.For(parse)).RunAsync(parse.GetRequiredValue(directories), cancellationToken));
        return verify;
    }

    private static Command CreateList(GlobalOptions global)
    {
        var list = new Command("list", "List every configured model with its state, quantisation, context and backend.");
        list.SetAction(async (parse, cancellationToken) =>
        {
            return await global.RunAsync(parse, (channel, context) =>
                new ModelsListCommand(context).RunAsync(new Models.ModelsClient(channel), cancellationToken));
        });
        return list;
    }
}
