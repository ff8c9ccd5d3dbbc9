using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Contracts.V1;

namespace Appliance.Cli.CommandLine;

/// <summary><c>models</c> and its subcommands: <c>list</c> (the server's view), <c>verify</c> and <c>add</c> (local, on the box), <c>load</c>, <c>unload</c> and <c>reload</c> (ModelAdmin, admin role).</summary>
internal static class ModelsCommandLine
{
    public static Command Create(GlobalOptions global)
    {
        var models = new Command("models", "Configured models.");
        models.Subcommands.Add(CreateList(global));
        models.Subcommands.Add(CreateVerify());
        models.Subcommands.Add(ModelsAddCommandLine.Create());
        models.Subcommands.Add(CreateAdmin(global, "load", "Load a model that is not loaded (re-reading its manifest), with its progress on stderr. Needs a client with the admin role.",
            (command, admin, channel, id, _, token) => command.LoadAsync(admin, new Models.ModelsClient(channel), id, token)));
        models.Subcommands.Add(CreateAdmin(global, "unload", "Unload a model: new and waiting calls are refused UNAVAILABLE, running ones finish within --drain-timeout (then fail UNAVAILABLE). Needs the admin role.",
            (command, admin, _, id, drain, token) => command.UnloadAsync(admin, id, drain, token), withDrainTimeout: true));
        models.Subcommands.Add(CreateAdmin(global, "reload", "Swap a model to the file its manifest names now: loaded beside the old version when the memory budget allows (no gap), else after draining the old one. Needs the admin role.",
            (command, admin, channel, id, _, token) => command.ReloadAsync(admin, new Models.ModelsClient(channel), id, token)));
        return models;
    }

    private delegate Task<int> AdminRun(ModelsAdminCommand command, ModelAdmin.ModelAdminClient admin, Grpc.Net.Client.GrpcChannel channel, string modelId, TimeSpan? drainTimeout, CancellationToken cancellationToken);

    private static Command CreateAdmin(GlobalOptions global, string name, string description, AdminRun run, bool withDrainTimeout = false)
    {
        var id = new Argument<string>("id") { Description = "The model's id (as models list shows it)" };
        var drain = new Option<double?>("--drain-timeout") { Description = "Seconds running calls may take to finish before they fail UNAVAILABLE (default: the server's Appliance:Scheduler:DrainTimeout)", HelpName = "seconds" };
        drain.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } seconds && !(seconds > 0 && seconds <= 3600))
            {
                result.AddError("--drain-timeout: must be more than 0 and at most 3600 seconds");
            }
        });
        var command = new Command(name, description) { id };
        if (withDrainTimeout)
        {
            command.Options.Add(drain);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var live = ReferenceEquals(parse.InvocationConfiguration.Error, Console.Error) && !Console.IsErrorRedirected;
            var timeout = parse.GetValue(drain) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return await global.RunAsync(parse, (channel, context) =>
                run(new ModelsAdminCommand(context, live), new ModelAdmin.ModelAdminClient(channel), channel, parse.GetRequiredValue(id), timeout, cancellationToken));
        });
        return command;
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
