using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;

namespace Appliance.Cli.CommandLine;

/// <summary><c>embed --model ID [--raw] [--no-truncate] [--json] TEXT...</c>.</summary>
internal static class EmbedCommandLine
{
    public static Command Create(GlobalOptions global)
    {
        var model = new Option<string>("--model", "-m") { Description = "Embedding model id (see models list)", HelpName = "id", Required = true };
        var raw = new Option<bool>("--raw") { Description = "Do not normalise the vectors to unit length" };
        var noTruncate = new Option<bool>("--no-truncate") { Description = "Fail on a text longer than the model's input limit instead of cutting it" };
        var json = new Option<bool>("--json") { Description = "Print each whole vector as a JSON array (one per line)" };
        var priority = new Option<string>("--priority") { Description = "Priority class", DefaultValueFactory = _ => "normal" };
        priority.AcceptOnlyFromAmong("urgent", "normal", "batch");
        var client = new Option<string?>("--client") { Description = "Calling system's name, for fair sharing", HelpName = "name" };
        var texts = new Argument<string[]>("texts") { Description = "Texts to embed (1 to 256)", Arity = ArgumentArity.OneOrMore };

        var command = new Command("embed", "Embed texts; prints each vector's dimension, norm and first values, and their cosine similarities.")
        {
            model, raw, noTruncate, json, priority, client, texts,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new EmbedOptions(
                parse.GetRequiredValue(model),
                parse.GetRequiredValue(texts),
                Normalize: !parse.GetValue(raw),
                Truncate: !parse.GetValue(noTruncate),
                GenerateCommandLine.ParsePriority(parse.GetRequiredValue(priority)),
                parse.GetValue(client),
                parse.GetValue(json));
            return await global.RunAsync(parse, (channel, context) =>
                new EmbedCommand(context).RunAsync(new Embeddings.EmbeddingsClient(channel.WithModelRouting()), options, cancellationToken));
        });
        return command;
    }
}
