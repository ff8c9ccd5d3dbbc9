using System.Security.Cryptography.X509Certificates;
using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Health.V1;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// Client certificates that passed the TLS handshake (hospital CA) identify a client by
/// thumbprint, subject or SAN DNS name; one that no client holds is Unauthenticated, as is a
/// certificate and an API key of different clients. Production profile, no anonymous callers,
/// ClientCertificateMode Allow (so API-key systems connect too).
/// </summary>
public sealed class CertificateIdentityTests(CertificateIdentityTests.Fixture fixture) : IClassFixture<CertificateIdentityTests.Fixture>
{
    [Fact]
    public async Task Certificate_RegisteredByThumbprintSubjectOrDnsName_Authenticated()
    {
        foreach (var certificate in new[] { fixture.Pki.GoodClient, fixture.BySubject, fixture.ByDnsName })
        {
            // Answered at all means authenticated (an unregistered certificate gets Unauthenticated, below);
            // NOT_SERVING because this server has no models.
            var reply = await TlsClient.CheckHealthAsync(fixture.Address, fixture.Pki, certificate);

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, reply.Status);
        }
    }

    [Fact]
    public async Task Certificate_FromTheHospitalCaButRegisteredToNoClient_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => TlsClient.CheckHealthAsync(fixture.Address, fixture.Pki, fixture.Unregistered));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"the client certificate (SHA-1 {fixture.Unregistered.Thumbprint}) is not registered", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCertificate_ApiKeyOverTls_Authenticated_ButNotWithAnotherClientsCertificate()
    {
        using var keyOnly = TlsClient.Channel(fixture.Address, fixture.Pki, clientCertificate: null);
        using var mixed = TlsClient.Channel(fixture.Address, fixture.Pki, fixture.BySubject);

        var reply = await new Health.HealthClient(keyOnly).CheckAsync(new HealthCheckRequest(), Key(fixture.ApiKey), deadline: DateTime.UtcNow.AddSeconds(30));
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Health.HealthClient(mixed).CheckAsync(new HealthCheckRequest(), Key(fixture.ApiKey), deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, reply.Status); // answered: authenticated (no models here)
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("belong to different clients", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_ClientNotAllowedTheModel_PermissionDenied()
    {
        using var channel = TlsClient.Channel(fixture.Address, fixture.Pki, fixture.ByDnsName);
        var request = new GenerateRequest { ModelId = "tiny", Prompt = "x" };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Generation.GenerationClient(channel).CompleteAsync(request, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("client 'by-dns' may not use the model 'tiny'", error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>The TLS server with four registered clients: by thumbprint (tls-test), subject, DNS name and API key.</summary>
    public sealed class Fixture : TlsServerFixture
    {
        public Fixture()
            : base(ServerTransport.Tls)
        {
            AllowAnonymous = false;
            BySubject = Pki.IssueClient("CN=emr-batch, OU=Information Centre, O=Test Hospital");
            ByDnsName = Pki.IssueClient("CN=pacs-gateway, O=Test Hospital", "pacs.hospital.test");
            Unregistered = Pki.IssueClient("CN=someone-else, O=Test Hospital");
            ApiKey = AddApiKeyClient("by-key").Key;
            Settings["Appliance:Clients:by-subject:CertificateSubjects:0"] = "CN=emr-batch,OU=Information Centre,O=Test Hospital"; // spelled differently on purpose
            Settings["Appliance:Clients:by-subject:AllowedModels:0"] = "*";
            Settings["Appliance:Clients:by-dns:CertificateDnsNames:0"] = "PACS.hospital.test";
            Settings["Appliance:Clients:by-dns:AllowedModels:0"] = "some-other-model";
        }

        public X509Certificate2 BySubject { get; }

        public X509Certificate2 ByDnsName { get; }

        public X509Certificate2 Unregistered { get; }

        public string ApiKey { get; }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            foreach (var certificate in new[] { BySubject, ByDnsName, Unregistered })
            {
                certificate.Dispose();
            }
        }
    }
}
