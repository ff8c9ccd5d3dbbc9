using Appliance.Catalog.Manifests;
using Appliance.Cli.Formatting;
using Appliance.Core.Models;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>models verify</c>: validates every manifest in the given folders and checks the sha256 of
/// each model's files (the weights, and the vocabulary of ONNX embedding models), on the box,
/// without the server. Exit 0 only if every model is valid and intact; a GGUF whose manifest asks
/// for more context than the model was trained for is verified with a WARN line naming the key.
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
            var files = await ModelFileVerifier.VerifyFilesAsync(manifest, progress, cancellationToken);
            if (!await WriteFilesAsync(manifest, files))
            {
                failures++;
            }
            else if (TrainedContextCheck.Warning(manifest) is { } warning)
            {
                await _context.Output.WriteLineAsync($"WARN  {manifest.Id}  {warning}");
            }
        }

        await _context.Output.WriteLineAsync($"{catalog.Results.Count - failures} of {catalog.Results.Count} model(s) verified");
        return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>
    /// OK with the weights (and the vocabulary on a second line), or FAIL naming the first bad
    /// file and every further bad file on its own line. True when every file is intact.
    /// </summary>
    private async Task<bool> WriteFilesAsync(ModelManifest manifest, IReadOnlyList<ModelVerifyResult> files)
    {
        var failed = files.Where(f => !f.IsOk).ToList();
        if (failed.Count == 0)
        {
            await _context.Output.WriteLineAsync($"OK    {manifest.Id}  sha256 {manifest.Sha256}  {manifest.FilePath}");
            foreach (var file in files.Where(f => f.Role == ModelFileRole.Vocabulary))
            {
                await _context.Output.WriteLineAsync($"      vocabulary_sha256 {file.ActualSha256}  {file.FilePath}");
            }

            foreach (var line in MemoryEstimateText.Lines(manifest))
            {
                await _context.Output.WriteLineAsync($"      memory {line}");
            }

            return true;
        }

        await _context.Output.WriteLineAsync($"FAIL  {manifest.Id}  {failed[0].Describe()}");
        foreach (var file in failed.Skip(1))
        {
            await _context.Output.WriteLineAsync($"      {file.Describe()}");
        }

        return false;
    }
}
