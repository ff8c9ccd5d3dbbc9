using Appliance.Server.Security;
using Microsoft.Extensions.Configuration;

namespace Appliance.Server.Tests.Security;

/// <summary>appliance/config/clients.sample.json stays in step with what the server accepts.</summary>
public sealed class ClientsSampleTests
{
    [Fact]
    public void Sample_BindsAndValidates_OnlyItsPlaceholderKeyHashesAreRefused()
    {
        var file = Path.Combine(RepositoryPaths.ConfigDirectory, "clients.sample.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(file, optional: false).Build();
        var options = new ClientsOptions();
        configuration.GetSection(ClientsOptions.SectionName).Bind(options.Clients);

        var errors = ClientsValidator.Validate(options, allowAnonymous: false);

        Assert.Equal(["dify-ward-assistant", "emr-batch", "his-main", "it-admin", "lis-ocr"], options.Clients.Keys.Order(StringComparer.Ordinal));
        Assert.True(options.Clients["it-admin"].IsAdmin); // the one client of the sample that may call ModelAdmin
        Assert.DoesNotContain(options.Clients, c => c.Key != "it-admin" && c.Value.IsAdmin);
        Assert.Equal(["openai.*"], options.Clients["dify-ward-assistant"].AllowedMethods); // the OpenAI door's methods, accepted
        Assert.Equal(Core.Generation.Priority.Batch, options.Clients["emr-batch"].PriorityCeiling);
        Assert.Equal(200_000, options.Clients["emr-batch"].TokensPerMinute);
        // The placeholders must be replaced by the output of 'appliancectl keys new'.
        Assert.Collection(
            errors.Order(StringComparer.Ordinal),
            e => Assert.StartsWith("Appliance:Clients:dify-ward-assistant:ApiKeyHashes:0:", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Appliance:Clients:it-admin:ApiKeyHashes:0:", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Appliance:Clients:lis-ocr:ApiKeyHashes:0:", e, StringComparison.Ordinal));
    }
}
