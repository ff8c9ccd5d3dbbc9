using Appliance.Catalog.Demo;

namespace Appliance.Cli.Commands;

/// <summary><c>demo-model</c>: writes the synthetic demo model and its manifest into a cache folder (what the dev server does on first run).</summary>
public sealed class DemoModelCommand
{
    private readonly CommandContext _context;

    public DemoModelCommand(CommandContext context)
    {
        _context = context;
    }

    public async Task<int> RunAsync(string cacheDirectory, CancellationToken cancellationToken)
    {
        var directory = await DemoModel.EnsureAsync(cacheDirectory, cancellationToken);
        await _context.Output.WriteLineAsync($"demo model '{DemoModel.Id}' and its manifest are in {directory}");
        await _context.Error.WriteLineAsync("random weights: the output is meaningless text; for trying the appliance, never for clinical use");
        return ExitCodes.Success;
    }
}
