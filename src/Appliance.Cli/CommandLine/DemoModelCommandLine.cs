using System.CommandLine;
using Appliance.Catalog.Demo;
using Appliance.Cli.Commands;

namespace Appliance.Cli.CommandLine;

/// <summary><c>demo-model [--cache DIR]</c>.</summary>
internal static class DemoModelCommandLine
{
    public static Command Create()
    {
        var cache = new Option<string>("--cache")
        {
            Description = "Cache folder (default: the server's default, $XDG_CACHE_HOME/appliance or ~/.cache/appliance)",
            DefaultValueFactory = _ => DemoModel.DefaultCacheDirectory(),
        };
        var command = new Command("demo-model", "Generate the synthetic demo model (random weights, real tokenizer) and its manifest.") { cache };
        command.SetAction(async (parse, cancellationToken) =>
            await new DemoModelCommand(ConsoleContext.For(parse)).RunAsync(parse.GetRequiredValue(cache), cancellationToken));
        return command;
    }
}
