using Appliance.Core.Security;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// The real server with authentication on (no anonymous callers) and the tiny synthetic model
/// <see cref="ApplianceServerFixture.ModelId"/>, and the credential files appliancectl is given:
/// <c>cli-test</c> (an API key, every model), <c>cli-limited</c> (an API key, another model only)
/// and a well-formed key the server does not know.
/// </summary>
public abstract class SecuredServerFixture : ApplianceServerFixture
{
    public const string ClientId = "cli-test";

    protected SecuredServerFixture(ServerTransport transport)
    {
        Transport = transport;
        AllowAnonymous = false;
        KeyFile = AddApiKeyClient(ClientId).KeyFile;
        LimitedKeyFile = AddApiKeyClient("cli-limited", "some-other-model").KeyFile;
        WrongKeyFile = SecretFile.Write(Folder.Combine("wrong.key"), WrongKey);
    }

    /// <summary>cli-test's key, in a file only the owner can read.</summary>
    public string KeyFile { get; }

    /// <summary>cli-limited's key: accepted, but not for <see cref="ApplianceServerFixture.ModelId"/>.</summary>
    public string LimitedKeyFile { get; }

    /// <summary>A well-formed key the server does not know.</summary>
    public string WrongKeyFile { get; }

    public string WrongKey { get; } = ApiKeyHash.NewKey();
}
