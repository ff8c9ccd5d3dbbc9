using System.CommandLine;
using Appliance.Catalog.Gguf;
using Appliance.Cli.Commands;

namespace Appliance.Cli.CommandLine;

/// <summary><c>synthetic-model --out DIR [--id ID] [--preset tiny|realistic] [--type f32|q8_0|q4_0] [--seed N] [--max-sequences N]</c>.</summary>
internal static class SyntheticModelCommandLine
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for the GGUF file and its manifest", Required = true };
        var id = new Option<string>("--id") { Description = "Model id", DefaultValueFactory = _ => "synthetic" };
        var preset = new Option<string>("--preset") { Description = "tiny (2 layers, 2 MB) or realistic (24 layers, hidden 896, vocab 32000: 415M parameters)", DefaultValueFactory = _ => "realistic" };
        preset.AcceptOnlyFromAmong("tiny", "realistic");
        var type = new Option<string>("--type") { Description = "Weight type of the matrices", DefaultValueFactory = _ => "q4_0" };
        type.AcceptOnlyFromAmong("f32", "q8_0", "q4_0");
        var seed = new Option<int>("--seed") { Description = "Random seed of the weights", DefaultValueFactory = _ => 42 };
        var sequences = new Option<int>("--max-sequences") { Description = "Parallel sequences in the manifest", DefaultValueFactory = _ => 16 };
        var command = new Command("synthetic-model", "Write a synthetic llama-architecture GGUF (random weights, real tokenizer) and its manifest, e.g. for benchmarks.")
        {
            output, id, preset, type, seed, sequences,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SyntheticModelOptions
            {
                Preset = parse.GetRequiredValue(preset) == "tiny" ? SyntheticModelPreset.Tiny : SyntheticModelPreset.RealisticShape,
                WeightType = parse.GetRequiredValue(type) switch { "f32" => GgmlType.F32, "q8_0" => GgmlType.Q8_0, _ => GgmlType.Q4_0 },
                Seed = parse.GetValue(seed),
            };
            var handler = new SyntheticModelCommand(ConsoleContext.For(parse));
            return await handler.RunAsync(parse.GetRequiredValue(output), parse.GetRequiredValue(id), options, parse.GetValue(sequences), cancellationToken);
        });
        return command;
    }
}
