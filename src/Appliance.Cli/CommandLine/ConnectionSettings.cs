namespace Appliance.Cli.CommandLine;

/// <summary>
/// Where to reach the server and which credentials to present, as given (paths, not contents).
/// Each value keeps its source (<c>--ca-file</c> or <c>$APPLIANCE_CA_FILE</c>) so an error names
/// what the user typed.
/// </summary>
/// <param name="Address">The server's http:// or https:// address.</param>
/// <param name="ApiKeyFile">File holding the API key; wins over <paramref name="ApiKey"/>.</param>
/// <param name="ApiKey">The API key itself, from the environment only (never an argument).</param>
/// <param name="CaFile">PEM CA bundle that the server's certificate must chain to.</param>
/// <param name="CertFile">PEM client certificate (and intermediates) for mutual TLS.</param>
/// <param name="KeyFile">PEM private key of <paramref name="CertFile"/>.</param>
internal sealed record ConnectionSettings(
    string Address,
    SourcedValue? ApiKeyFile = null,
    SourcedValue? ApiKey = null,
    SourcedValue? CaFile = null,
    SourcedValue? CertFile = null,
    SourcedValue? KeyFile = null)
{
    public bool IsHttps => Address.StartsWith(Uri.UriSchemeHttps + "://", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A setting's value and where it came from: an option name or <c>$VARIABLE</c>.</summary>
internal sealed record SourcedValue(string Value, string Source)
{
    /// <summary>The option's value if given, else the environment variable's if set and not empty, else null.</summary>
    public static SourcedValue? From(string? optionValue, string optionName, string? environmentVariable = null)
    {
        if (!string.IsNullOrEmpty(optionValue))
        {
            return new SourcedValue(optionValue, optionName);
        }

        return environmentVariable is not null && Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } value
            ? new SourcedValue(value, "$" + environmentVariable)
            : null;
    }
}
