using Appliance.Core.Security;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl keys new|hash</c>: makes API keys and the salted hashes the server's
/// configuration stores (<c>Appliance:Clients:&lt;id&gt;:ApiKeyHashes</c>). Runs locally; the
/// server is never asked, and nothing is written to disk.
/// </summary>
public sealed class KeysCommand
{
    /// <summary>Where hospital IT registers calling systems; the server watches it (README, Connecting a hospital system).</summary>
    public const string SiteConfigFile = "/etc/appliance/clients.json";

    private readonly CommandContext _context;

    public KeysCommand(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>
    /// Prints a fresh key for <paramref name="clientId"/> (once: it is kept nowhere), its hash, the
    /// configuration snippet that registers the hash, and how to rotate keys.
    /// </summary>
    public async Task<int> NewAsync(string clientId, CancellationToken cancellationToken, string? keyFile = null)
    {
        if (!ClientId.IsValid(clientId))
        {
            await _context.Error.WriteLineAsync($"error: --client: '{clientId}' is not a client id; it must be {ClientId.Rule}");
            return ExitCodes.InvalidArgument;
        }

        var key = ApiKeyHash.NewKey();
        var hash = ApiKeyHash.Hash(key);
        var output = _context.Output;
        if (keyFile is not null)
        {
            // --key-file: the key goes straight into a new file only its owner can read, never onto the screen.
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                await using var stream = new FileStream(keyFile, options);
                await using var writer = new StreamWriter(stream);
                await writer.WriteLineAsync(key);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await _context.Error.WriteLineAsync($"error: --key-file: cannot create {keyFile} ({ex.Message}); it must not exist yet");
                return ExitCodes.InvalidArgument;
            }

            await output.WriteLineAsync($"API key for client '{clientId}' written to {keyFile} (mode 0600); appliancectl keeps no other copy.");
        }
        else
        {
            await output.WriteLineAsync($"API key for client '{clientId}'. It is shown only this once; appliancectl keeps no copy:");
            await output.WriteLineAsync();
            await output.WriteLineAsync($"    {key}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("Give it to the administrator of the calling system over a safe channel (in person, or an");
        await output.WriteLineAsync("encrypted channel; never plain e-mail or chat). They keep it in a file only that system's");
        await output.WriteLineAsync("service account can read, and send it in the x-api-key header of every call");
        await output.WriteLineAsync("(appliancectl: --api-key-file FILE).");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"The server stores only its hash (Appliance:Clients:{clientId}:ApiKeyHashes):");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"    {hash}");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"The audit log names this key by its fingerprint: api-key {ApiKeyHash.Parse(hash, out _)!.Fingerprint}");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Paste into {SiteConfigFile}, merged with what is already there:");
        await output.WriteLineAsync();
        await output.WriteLineAsync(Snippet(clientId, hash));
        await output.WriteLineAsync();
        await output.WriteLineAsync("A new client also needs \"AllowedModels\" (e.g. [ \"*\" ]) next to \"ApiKeyHashes\".");
        await output.WriteLineAsync("Rotation: a client holds at most two keys. Add the new hash next to the old one");
        await output.WriteLineAsync("(\"ApiKeyHashes\": [ \"<old hash>\", \"<new hash>\" ]), switch the calling system to the new key,");
        await output.WriteLineAsync("then delete the old hash. The server reloads /etc/appliance without a restart (an edit it");
        await output.WriteLineAsync("refuses is logged, and the previous clients stay in force).");
        await output.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Reads one key from <paramref name="input"/> (standard input: never an argument, so it stays
    /// out of shell history and the process list) and prints its hash, alone on a line.
    /// </summary>
    public async Task<int> HashAsync(TextReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var key = (await input.ReadToEndAsync(cancellationToken)).Trim();
        if (ApiKeyText.Problem(key) is { } problem)
        {
            await _context.Error.WriteLineAsync($"error: the key on standard input cannot be used: {problem}");
            return ExitCodes.InvalidArgument;
        }

        var hash = ApiKeyHash.Hash(key);
        await _context.Output.WriteLineAsync(hash);
        await _context.Error.WriteLineAsync($"fingerprint (the audit log's name of this hash): api-key {ApiKeyHash.Parse(hash, out _)!.Fingerprint}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The JSON that registers <paramref name="hash"/>. Plain interpolation is safe: the id passed
    /// <see cref="ClientId.IsValid"/> and a hash is base64 and '$' only.
    /// </summary>
    internal static string Snippet(string clientId, string hash) =>
        $$"""{ "Appliance": { "Clients": { "{{clientId}}": { "ApiKeyHashes": [ "{{hash}}" ] } } } }""";
}
