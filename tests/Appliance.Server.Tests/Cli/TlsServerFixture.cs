using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <see cref="SecuredServerFixture"/> over https:// with a certificate from the test hospital CA,
/// asking for (not requiring) client certificates issued by that CA. Kestrel is configured here,
/// in the test, only to give appliancectl a TLS server to talk to.
/// </summary>
public sealed class TlsServerFixture : SecuredServerFixture
{
    public override string[] TransportOptions => ["--ca-file", Certificates.CaFile];

    /// <summary>Options that present cli-mtls's client certificate.</summary>
    public string[] ClientCertificateOptions => ["--cert-file", Certificates.ClientCertFile, "--key-file", Certificates.ClientKeyFile];

    protected override void ConfigureServer(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Grpc:Certificate:Path"] = Certificates.ServerCertFile,
            ["Kestrel:Endpoints:Grpc:Certificate:KeyPath"] = Certificates.ServerKeyFile,
            ["Kestrel:Endpoints:Grpc:ClientCertificateMode"] = nameof(ClientCertificateMode.AllowCertificate),
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.CheckCertificateRevocation = false;
            https.ClientCertificateValidation = (certificate, _, _) => Certificates.IssuedByCa(certificate);
        }));
    }
}
