using System.Security.Cryptography.X509Certificates;
using Appliance.Server.Security;
using Microsoft.Extensions.Configuration;

namespace Appliance.Server.Tests.Security;

/// <summary>The site template <c>appliance/config/appsettings.Production.json</c> configures TLS with the documented keys.</summary>
public sealed class ProductionTemplateTests
{
    [Fact]
    public void Template_GrpcEndpointAndTls_BindAsDocumented()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.ConfigDirectory, "appsettings.Production.json"))
            .Build();

        var tls = configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>()!;
        var endpoint = Assert.Single(GrpcEndpoint.Read(configuration));

        Assert.Equal("https://0.0.0.0:5443", endpoint.Url);
        Assert.Equal("/etc/appliance/tls/server.crt", tls.CertificateFile);
        Assert.Equal("/etc/appliance/tls/server.key", tls.KeyFile);
        Assert.Equal("/etc/appliance/tls/hospital-ca.crt", tls.ClientCaFile);
        Assert.Equal(ClientCertificateRequirement.Require, tls.ClientCertificateMode);
        Assert.Equal(X509RevocationMode.NoCheck, tls.RevocationMode);
    }
}
