using Appliance.Server.Security;
using Microsoft.Extensions.Configuration;

namespace Appliance.Server.Tests.Security;

/// <summary>appliance/config/clients.sample.json stays in step with what the server accepts.</summary>
public sealed class ClientsSampleTests
{
    [Fact]
    public void Sample_BindsAndValidates_OnlyItsPlaceholderKeyHashIsRefused()
    {
        var file = Path.Combine(RepositoryPaths.ConfigDirectory, "clients.sample.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(file, optional: false).Build();
        var options = new ClientsOptions();
        configuration.GetSection(ClientsOptions.SectionName).Bind(options.Clients);

        var errors = ClientsValidator.Validate(options, allowAnonymous: false);

        Assert.Equal(["emr-batch", "his-main", "lis-ocr"], options.Clients.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Core.Generation.Priority.Batch, options.Clients["emr-batch"].PriorityCeiling);
        Assert.Equal(200_000, options.Clients["emr-batch"].TokensPerMinute);
        var error = Assert.Single(errors); // the placeholder must be replaced by the output of 'appliancectl keys new'
        Assert.StartsWith("Appliance:Clients:lis-ocr:ApiKeyHashes:0:", error, StringComparison.Ordinal);
    }
}
