using Appliance.Core.Security;
using Appliance.Server.Security;

namespace Appliance.Server.Tests.Security;

public sealed class ClientsValidatorTests
{
    private static ClientsOptions With(string id, ClientRegistration client)
    {
        var options = new ClientsOptions();
        options.Clients[id] = client;
        return options;
    }

    [Fact]
    public void Validate_GoodClient_NoErrors()
    {
        var client = new ClientRegistration
        {
            ApiKeyHashes = [ApiKeyHash.Hash(ApiKeyHash.NewKey()), ApiKeyHash.Hash(ApiKeyHash.NewKey())],
            CertificateThumbprints = ["AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"],
            CertificateSubjects = ["CN=his-01, O=Example Hospital"],
            CertificateDnsNames = ["his-01.hospital.local"],
            AllowedModels = ["qwen2.5-7b"],
            AllowedMethods = ["Generate", "Generation/Complete", "Embeddings/*"],
        };

        Assert.Empty(ClientsValidator.Validate(With("his", client), allowAnonymous: false));
    }

    [Fact]
    public void Validate_UnknownRole_NamedWithItsKeyAndTheRolesThereAre()
    {
        var client = new ClientRegistration { ApiKeyHashes = [ApiKeyHash.Hash(ApiKeyHash.NewKey())], AllowedModels = ["*"], Roles = ["admin", "root"] };

        var errors = ClientsValidator.Validate(With("it", client), allowAnonymous: false);

        Assert.Equal(["Appliance:Clients:it:Roles:1: unknown role 'root'; the roles are admin"], errors);
    }

    [Fact]
    public void Validate_EveryProblem_NamedWithItsKey()
    {
        var client = new ClientRegistration
        {
            ApiKeyHashes = ["apk_pasted-the-key-instead-of-its-hash-000000", ApiKeyHash.Hash(ApiKeyHash.NewKey()), ApiKeyHash.Hash(ApiKeyHash.NewKey())],
            CertificateThumbprints = ["12345"],
            CertificateSubjects = ["his-01"],
            AllowedMethods = ["Generate", "DropTables"],
            Weight = 0,
            MaxConcurrent = 0,
            MaxConcurrentCalls = 0,
            TokensPerMinute = 0,
        };

        var errors = string.Join("\n", ClientsValidator.Validate(With("his", client), allowAnonymous: false));

        Assert.Contains("Appliance:Clients:his:ApiKeyHashes: at most 2 keys", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:ApiKeyHashes:0: must look like hmac-sha256$", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:CertificateThumbprints:0:", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:CertificateSubjects:0:", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:AllowedModels:", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:AllowedMethods:1: unknown method", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:Weight", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:MaxConcurrent must", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:MaxConcurrentCalls", errors, StringComparison.Ordinal);
        Assert.Contains("Appliance:Clients:his:TokensPerMinute", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("pasted-the-key", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoCredentials_AnErrorUnlessAnonymousIsAllowed()
    {
        var client = new ClientRegistration { AllowedModels = ["*"] };

        Assert.Contains(ClientsValidator.Validate(With("lis", client), allowAnonymous: false), e => e.StartsWith("Appliance:Clients:lis: no credentials", StringComparison.Ordinal));
        Assert.Empty(ClientsValidator.Validate(With("lis", client), allowAnonymous: true));
    }

    [Fact]
    public void Validate_OneCertificateForTwoClients_Refused()
    {
        var options = new ClientsOptions();
        options.Clients["his"] = new ClientRegistration { AllowedModels = ["*"], CertificateSubjects = ["CN=shared, O=Hospital"] };
        options.Clients["lis"] = new ClientRegistration { AllowedModels = ["*"], CertificateSubjects = ["CN=shared,O=Hospital"] };

        var errors = ClientsValidator.Validate(options, allowAnonymous: false);

        Assert.Contains(errors, e => e.Contains("CertificateSubjects:0: the same credential is configured for client 'his'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HIS")]
    [InlineData("anonymous")]
    [InlineData("other")]
    [InlineData("his system")]
    public void Validate_BadOrReservedId_Refused(string id)
    {
        var errors = ClientsValidator.Validate(With(id, new ClientRegistration { AllowedModels = ["*"] }), allowAnonymous: true);

        Assert.Contains(errors, e => e.StartsWith($"Appliance:Clients:{id}: the client id", StringComparison.Ordinal));
    }
}
