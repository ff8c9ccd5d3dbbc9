using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>synthetic-model</c>: writes a synthetic GGUF (random weights, real tokenizer) and its
/// manifest into a folder, e.g. the realistic-shape Q4_0 model the benchmarks use.
/// </summary>
public sealed class SyntheticModelCommand
{
    private readonly CommandContext _context;

    public SyntheticModelCommand(CommandContext context)
    {
        _context = context;
    }

    public async Task<int> RunAsync(string directory, string id, SyntheticModelOptions options, int maxSequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var shape = SyntheticModel.GetShape(options);
        await _context.Error.WriteLineAsync(
            $"writing {options.Preset} ({shape.BlockCount} layers, hidden {shape.EmbeddingLength}, vocab {shape.VocabularySize}) as {SyntheticModelFiles.WeightType(options)} into {directory} ...");
        var manifest = await SyntheticModelFiles.WriteAsync(directory, id, options, maxSequences, batchTokens: 512, cancellationToken);
        await _context.Output.WriteLineAsync($"{manifest.FilePath}\n{manifest.ManifestPath}");
        return ExitCodes.Success;
    }
}
