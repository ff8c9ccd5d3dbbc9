using Grpc.Core;

namespace Appliance.Server.Tests.Security;

/// <summary>A hospital PKI with an issuing CA under the root: chains are built from what each side sends and the CA bundle.</summary>
public sealed class TlsIssuingCaTests : IAsyncLifetime
{
    private readonly IntermediateCaTlsServerFixture _server = new();

    private TestCertificates Pki => _server.Pki;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Handshake_BothSidesSendIssuingCa_RootOnlyTrustAccepted()
    {
        await _server.InitializeAsync();
        string? seen = null;

        // The client trusts only the root: the handshake works only if the server sent its issuing CA from the certificate file.
        var response = await TlsClient.CheckHealthAsync(_server.Address, Pki, Pki.GoodClient, thumbprint => seen = thumbprint);

        Assert.NotNull(response);
        Assert.Equal(Pki.Server.Thumbprint, seen);
    }

    [Fact]
    public async Task Handshake_ClientSendsLeafOnlyAndBundleLacksIssuingCa_Refused()
    {
        await _server.InitializeAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => TlsClient.CheckHealthAsync(_server.Address, Pki, Pki.GoodClient, sendIntermediate: false));

        TlsClient.AssertHandshakeRefused(error);
        Assert.Contains(_server.Logs, l => l.Contains("TLS client certificate refused: no valid chain to a hospital CA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handshake_ClientSendsLeafOnlyAndBundleHoldsIssuingCa_Accepted()
    {
        File.WriteAllText(Pki.CaFile, Pki.Ca.ExportCertificatePem() + "\n" + Pki.Intermediate!.ExportCertificatePem());
        await _server.InitializeAsync();

        var response = await TlsClient.CheckHealthAsync(_server.Address, Pki, Pki.GoodClient, sendIntermediate: false);

        Assert.NotNull(response);
    }
}
