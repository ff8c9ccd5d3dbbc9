using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Core.Models;

namespace Appliance.Cli.CommandLine;

/// <summary><c>models add FILE --id ID [--out DIR] [--kind KIND] [--vocabulary FILE] [--force]</c> (local; no server needed).</summary>
internal static class ModelsAddCommandLine
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The model file: GGUF (llama.cpp) or ONNX" };
        var id = new Option<string>("--id")
        {
            Description = "Model id callers will use (1-64 of a-z 0-9 . _ -); the manifest is written as ID.json",
            HelpName = "id",
            Required = true,
        };
        var output = new Option<string?>("--out")
        {
            Description = $"Folder for the manifest (default: {ModelsAddCommand.BoxModelsDirectory} when it exists, else the current folder)",
            HelpName = "dir",
        };
        var kind = new Option<string?>("--kind")
        {
            Description = "What the model does (default: from the file: GGUF text-generation or embedding; ONNX tensor, or embedding with --vocabulary)",
        };
        kind.AcceptOnlyFromAmong("text-generation", "embedding", "tensor");
        var vocabulary = new Option<string?>("--vocabulary")
        {
            Description = "ONNX embedding models: the WordPiece vocab.txt (its sha256 is pinned too)",
            HelpName = "file",
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing ID.json" };
        var command = new Command(
            "add",
            "Stage a model file: hash it, read its metadata (architecture, context, quantisation, parameters, chat template; "
            + "ONNX inputs and outputs), write its manifest and check that it loads (runs locally, no server needed).")
        {
            file, id, output, kind, vocabulary, force,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var invocation = parse.InvocationConfiguration;
            var options = new ModelsAddOptions(parse.GetRequiredValue(file), parse.GetRequiredValue(id))
            {
                Directory = parse.GetValue(output),
                Kind = parse.GetValue(kind) switch
                {
                    "text-generation" => ModelKind.TextGeneration,
                    "embedding" => ModelKind.Embedding,
                    "tensor" => ModelKind.Tensor,
                    _ => null,
                },
                Vocabulary = parse.GetValue(vocabulary),
                Force = parse.GetValue(force),

                // Redraw in place only on the real console, and only when it is a terminal.
                LiveProgress = ReferenceEquals(invocation.Error, Console.Error) && !Console.IsErrorRedirected,
            };
            return await new ModelsAddCommand(ConsoleContext.For(parse)).RunAsync(options, cancellationToken);
        });
        return command;
    }
}
