using System.Globalization;
using Appliance.Cli.Formatting;
using Appliance.Contracts.V1;

namespace Appliance.Cli.Commands;

/// <summary><c>appliancectl models list</c>: every configured model and its state, as a plain table.</summary>
public sealed class ModelsListCommand
{
    private readonly CommandContext _context;

    public ModelsListCommand(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>Calls ListModels, prints the table and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public async Task<int> RunAsync(Models.ModelsClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);

        return await ServerCall.RunAsync(
            _context,
            () => client.ListModelsAsync(new ListModelsRequest(), cancellationToken: cancellationToken).ResponseAsync,
            response => PrintAsync(response, cancellationToken),
            cancellationToken);
    }

    private async Task<int> PrintAsync(ListModelsResponse response, CancellationToken cancellationToken)
    {
        if (response.Models.Count == 0)
        {
            await _context.Error.WriteLineAsync("no models configured");
            return ExitCodes.Success;
        }

        var table = new TextTable("ID", "KIND", "STATE", "QUANT", "CONTEXT", "BACKEND", "FAILURE");
        foreach (var model in response.Models)
        {
            table.AddRow(
                model.Id,
                ProtoNames.Of(model.Kind),
                ProtoNames.Of(model.State),
                model.Quantization,
                model.ContextLength > 0 ? model.ContextLength.ToString(CultureInfo.InvariantCulture) : null,
                model.Backend,
                model.FailureReason);
        }

        await table.WriteToAsync(_context.Output, cancellationToken);
        return ExitCodes.Success;
    }
}
