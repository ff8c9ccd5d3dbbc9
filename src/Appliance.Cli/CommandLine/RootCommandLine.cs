using System.CommandLine;

namespace Appliance.Cli.CommandLine;

/// <summary>appliancectl's command tree: the global options and every command.</summary>
internal static class RootCommandLine
{
    public static RootCommand Create()
    {
        var global = new GlobalOptions();
        var root = new RootCommand("appliancectl: talk to an Appliance inference server over gRPC.");
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(GenerateCommandLine.Create(global));
        root.Subcommands.Add(EmbedCommandLine.Create(global));
        root.Subcommands.Add(ModelsCommandLine.Create(global));
        root.Subcommands.Add(TaskCommandLine.Create(global));
        root.Subcommands.Add(AuditCommandLine.Create());
        root.Subcommands.Add(HealthCommandLine.Create(global));
        root.Subcommands.Add(StatusCommandLine.Create(global));
        root.Subcommands.Add(KeysCommandLine.Create());
        root.Subcommands.Add(ConfigCommandLine.Create());
        root.Subcommands.Add(DemoModelCommandLine.Create());
        root.Subcommands.Add(SyntheticModelCommandLine.Create());
        return root;
    }
}
