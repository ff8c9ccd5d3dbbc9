using Appliance.Catalog.Manifests;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>models verify</c>: validates every manifest in the given folders and checks each weights
/// file's sha256, on the box, without the server. Exit 0 only if every model is valid and intact.
/// </summary>
public sealed class ModelsVerifyCommand
{
    private readonly CommandContext _context;

    public ModelsVerifyCommand(CommandContext context)
    {
        _context = context;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> directories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var catalog = ModelCatalog.Load(directories);
        if (catalog.Results.Count == 0)
        {
            await _context.Error.WriteLineAsync($"no model manifests (*.json) found in: {string.Join(", ", directories)}");
            return ExitCodes.NotFound;
        }

        var failures = 0;
        foreach (var result in catalog.Results)
        {
            if (result.Manifest is not { } manifest)
            {
                failures++;
                await _context.Output.WriteLineAsync($"FAIL  {result.ModelId}  invalid manifest {result.ManifestPath}");
                foreach (var error in result.Errors)
                {
                    await _context.Output.WriteLineAsync($"      {error}");
                }

                continue;
            }

            var progress = new Progress<ModelVerifyProgress>(p =>
                _context.Error.Write($"\r  {p.ModelId}: hashing {p.Fraction:P0}   "));
            var verified = await ModelFileVerifier.VerifyAsync(manifest, progress, cancellationToken);
            if (verified.IsOk)
            {
                await _context.Output.WriteLineAsync($"OK    {manifest.Id}  sha256 {manifest.Sha256}  {manifest.FilePath}");
            }
            else
            {
                failures++;
                await _context.Output.WriteLineAsync($"FAIL  {manifest.Id}  {verified.Describe()}");
            }
        }

        await _context.Output.WriteLineAsync($"{catalog.Results.Count - failures} of {catalog.Results.Count} model(s) verified");
        return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
