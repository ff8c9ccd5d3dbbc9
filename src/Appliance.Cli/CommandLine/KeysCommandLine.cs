using System.CommandLine;
using System.Text;
using Appliance.Cli.Commands;
using Appliance.Core.Security;

namespace Appliance.Cli.CommandLine;

/// <summary><c>keys new --client ID</c> and <c>keys hash</c> (local; no server needed).</summary>
internal static class KeysCommandLine
{
    public static Command Create()
    {
        var keys = new Command("keys", "API keys for calling systems: make one, or hash one for the server's configuration.");
        keys.Subcommands.Add(CreateNew());
        keys.Subcommands.Add(CreateHash());
        return keys;
    }

    private static Command CreateNew()
    {
        var client = new Option<string>("--client")
        {
            Description = "Id of the calling system, as under Appliance:Clients (e.g. his-01)",
            HelpName = "id",
            Required = true,
        };
        client.Validators.Add(result =>
        {
            if (!ClientId.IsValid(result.GetValueOrDefault<string>()))
            {
                result.AddError($"--client: '{result.GetValueOrDefault<string>()}' is not a client id; it must be {ClientId.Rule}");
            }
        });
        var keyFile = new Option<string?>("--key-file")
        {
            Description = "Write the key into this new file (mode 0600) instead of showing it, e.g. the file the calling system's --api-key-file reads",
            HelpName = "path",
        };
        var command = new Command(
            "new",
            "Make a new API key for a calling system: prints the key (shown only once; give it to that system's administrator "
            + "over a safe channel), its hash and the JSON to paste into /etc/appliance/clients.json, and how to rotate keys.")
        {
            client,
            keyFile,
        };
        command.SetAction(async (parse, cancellationToken) =>
            await new KeysCommand(ConsoleContext.For(parse)).NewAsync(parse.GetRequiredValue(client), cancellationToken, parse.GetValue(keyFile)));
        return command;
    }

    private static Command CreateHash()
    {
        var command = new Command(
            "hash",
            "Read an API key from standard input (never from the command line, so it stays out of shell history and 'ps') "
            + "and print its hash for Appliance:Clients:<id>:ApiKeyHashes, e.g. appliancectl keys hash < his-01.key");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = ConsoleContext.For(parse);
            using var input = Console.IsInputRedirected ? null : new StringReader(await ReadHiddenLineAsync(context.Error));
            return await new KeysCommand(context).HashAsync(input ?? Console.In, cancellationToken);
        });
        return command;
    }

    /// <summary>At a terminal: reads one line without echoing it, so the key does not stay on screen.</summary>
    private static async Task<string> ReadHiddenLineAsync(TextWriter prompt)
    {
        await prompt.WriteAsync("API key (not shown; press Enter when done): ");
        var line = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                line.Length = Math.Max(0, line.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                line.Append(key.KeyChar);
            }
        }

        await prompt.WriteLineAsync();
        return line.ToString();
    }
}
