using System.CommandLine;
using Appliance.Cli.Commands;
using Grpc.Net.Client;

namespace Appliance.Cli.CommandLine;

/// <summary>Options every command accepts: where the server is and which credentials to present.</summary>
internal sealed class GlobalOptions
{
    public const string ApiKeyVariable = "APPLIANCE_API_KEY";
    public const string CaFileVariable = "APPLIANCE_CA_FILE";
    public const string CertFileVariable = "APPLIANCE_CERT_FILE";
    public const string KeyFileVariable = "APPLIANCE_KEY_FILE";

    public GlobalOptions()
    {
        Server = new Option<string>("--server")
        {
            Description = $"Address of the appliance server, http:// or https:// (or set ${ServerChannel.EnvironmentVariable}); several separated by commas, or a DNS name with several addresses: calls are balanced over the boxes that are SERVING",
            HelpName = "url",
            Recursive = true,
            DefaultValueFactory = _ => ServerChannel.DefaultFromEnvironment(),
        };

        // Runs for the default value too, so a bad $APPLIANCE_SERVER is a parse error, not a crash.
        Server.Validators.Add(result =>
        {
            if (ServerChannel.Validate(result.GetValueOrDefault<string>()) is { } error)
            {
                var source = result.Implicit ? ServerChannel.EnvironmentVariable : "--server";
                result.AddError($"{source}: {error}");
            }
        });

        // The key itself is never an option: arguments land in shell history and in 'ps' for every user.
        ApiKeyFile = PathOption(
            "--api-key-file",
            $"File holding this system's API key (sent as x-api-key; made by 'keys new'). Or set ${ApiKeyVariable} to the key itself (visible to this user's processes only)");
        CaFile = PathOption(
            "--ca-file",
            $"PEM CA bundle (the hospital CA) that the server's https:// certificate must chain to, instead of the system's trust store (or set ${CaFileVariable})");
        CertFile = PathOption("--cert-file", $"PEM client certificate for mutual TLS over https://, with --key-file (or set ${CertFileVariable})");
        KeyFile = PathOption("--key-file", $"Unencrypted PEM private key of --cert-file (or set ${KeyFileVariable})");
    }

    public Option<string> Server { get; }

    public Option<string?> ApiKeyFile { get; }

    public Option<string?> CaFile { get; }

    public Option<string?> CertFile { get; }

    public Option<string?> KeyFile { get; }

    public IEnumerable<Option> All => [Server, ApiKeyFile, CaFile, CertFile, KeyFile];

    /// <summary>The address and credential settings of this invocation: options first, then the environment.</summary>
    public ConnectionSettings Settings(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new ConnectionSettings(
            parse.GetRequiredValue(Server),
            ApiKeyFile: SourcedValue.From(parse.GetValue(ApiKeyFile), "--api-key-file"),
            ApiKey: SourcedValue.From(null, "", ApiKeyVariable),
            CaFile: SourcedValue.From(parse.GetValue(CaFile), "--ca-file", CaFileVariable),
            CertFile: SourcedValue.From(parse.GetValue(CertFile), "--cert-file", CertFileVariable),
            KeyFile: SourcedValue.From(parse.GetValue(KeyFile), "--key-file", KeyFileVariable));
    }

    /// <summary>
    /// Loads the credentials, opens the channel and runs <paramref name="run"/> with it. A credential
    /// that cannot be used is reported (naming its option) with <see cref="ExitCodes.InvalidArgument"/>,
    /// before anything is sent.
    /// </summary>
    public Task<int> RunAsync(ParseResult parse, Func<GrpcChannel, CommandContext, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunWithCredentialsAsync(parse, async (credentials, context) =>
        {
            using var channel = ServerChannel.Create(context.ServerAddress, credentials, context.Error);
            return await run(channel, context);
        });
    }

    /// <summary>
    /// Loads the credentials as <see cref="RunAsync"/> does and runs <paramref name="run"/> with them and
    /// the context (whose <see cref="CommandContext.ServerAddress"/> is <c>--server</c>), opening no channel:
    /// for a command that opens one per box.
    /// </summary>
    public async Task<int> RunWithCredentialsAsync(ParseResult parse, Func<ClientCredentials, CommandContext, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = Settings(parse);
        var context = ConsoleContext.For(parse, settings.Address);
        ClientCredentials credentials;
        try
        {
            credentials = CredentialLoader.Load(settings, context.Error, context.TimeProvider);
        }
        catch (CredentialException exception)
        {
            await context.Error.WriteLineAsync($"error: {exception.Message}");
            return ExitCodes.InvalidArgument;
        }

        return await run(credentials, context with { Credentials = credentials.Description, PresentsClientCertificate = credentials.ClientCertificate is not null });
    }

    private static Option<string?> PathOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "path",
        Recursive = true,
    };
}
