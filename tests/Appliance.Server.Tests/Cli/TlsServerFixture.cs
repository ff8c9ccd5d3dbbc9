using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <see cref="SecuredServerFixture"/> over https:// with a certificate from the test hospital CA,
/// asking for (not requiring) client certificates issued by that CA, through the server's own
/// <c>Appliance:Security:Tls</c> settings.
/// </summary>
public sealed class TlsServerFixture : SecuredServerFixture
{
    public override string[] TransportOptions => ["--ca-file", Certificates.CaFile];

    /// <summary>Options that present cli-mtls's client certificate.</summary>
    public string[] ClientCertificateOptions => ["--cert-file", Certificates.ClientCertFile, "--key-file", Certificates.ClientKeyFile];

    protected override void ConfigureServer(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "https://127.0.0.1:0",
            ["Appliance:Security:Tls:CertificateFile"] = Certificates.ServerCertFile,
            ["Appliance:Security:Tls:KeyFile"] = Certificates.ServerKeyFile,
            ["Appliance:Security:Tls:ClientCaFile"] = Certificates.CaFile,
            ["Appliance:Security:Tls:ClientCertificateMode"] = "Allow", // API-key callers connect without a certificate
        });
}
