using System.CommandLine;
using Appliance.Cli.CommandLine;

// appliancectl: composes the commands; each one's work lives in Commands/.
var global = new GlobalOptions();
var root = new RootCommand("appliancectl: talk to an Appliance inference server over gRPC.")
{
    global.Server,
};
root.Subcommands.Add(GenerateCommandLine.Create(global));
root.Subcommands.Add(EmbedCommandLine.Create(global));
root.Subcommands.Add(ModelsCommandLine.Create(global));
root.Subcommands.Add(AuditCommandLine.Create());
root.Subcommands.Add(HealthCommandLine.Create(global));
root.Subcommands.Add(DemoModelCommandLine.Create());
root.Subcommands.Add(SyntheticModelCommandLine.Create());

// Ctrl+C / SIGTERM cancel the action's token; a command that has not returned 2 s later is ended
// with 130 / 143. (System.CommandLine 2.0 leaves signals alone unless this is set.)
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(2) };
return await root.Parse(args).InvokeAsync(invocation);
