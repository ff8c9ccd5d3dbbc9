namespace Appliance.Server.Tests.Security;

/// <summary>The server certificate and key are reloaded from their files without a restart; a broken file keeps the previous one.</summary>
public sealed class ServerCertificateReloadTests : IAsyncLifetime
{
    private readonly TlsServerFixture _server = new();

    private TestCertificates Pki => _server.Pki;

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Reload_NewCertificateAndKeyFiles_NewConnectionsSeeNewCertificate()
    {
        Assert.Equal(Pki.Server.Thumbprint, await ServerThumbprintAsync());
        using var next = Pki.IssueServer();

        Pki.WriteServer(next);

        await PollAsync(async () => await ServerThumbprintAsync() == next.Thumbprint, "new connections to present the new certificate");
        Assert.Contains(_server.Logs, l => l.Contains($"TLS server certificate reloaded from {Pki.CertificateFile}", StringComparison.Ordinal)
            && l.Contains(next.Thumbprint, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_BrokenCertificateFile_KeepsPreviousCertificateAndLogsError()
    {
        File.WriteAllText(Pki.CertificateFile, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");

        await PollAsync(
            async () =>
            {
                Assert.Equal(Pki.Server.Thumbprint, await ServerThumbprintAsync());
                return _server.Logs.Any(l => l.Contains("[Error] TLS server certificate NOT reloaded: Appliance:Security:Tls:CertificateFile", StringComparison.Ordinal)
                    && l.Contains(Pki.CertificateFile, StringComparison.Ordinal) && l.Contains(Pki.Server.Thumbprint, StringComparison.Ordinal));
            },
            "the failed reload to be logged");
        Assert.Equal(Pki.Server.Thumbprint, await ServerThumbprintAsync());
    }

    [Fact]
    public async Task Reload_CertificateReplacedBeforeItsKey_KeepsPreviousUntilKeyMatches()
    {
        using var next = Pki.IssueServer();

        File.WriteAllText(Pki.CertificateFile, next.ExportCertificatePem());
        await PollAsync(
            async () =>
            {
                Assert.Equal(Pki.Server.Thumbprint, await ServerThumbprintAsync());
                return _server.Logs.Any(l => l.Contains("Appliance:Security:Tls:KeyFile: the private key in", StringComparison.Ordinal)
                    && l.Contains("does not match the certificate", StringComparison.Ordinal));
            },
            "the key mismatch to be logged");
        File.WriteAllText(Pki.KeyFile, TestCertificates.KeyPem(next));

        await PollAsync(async () => await ServerThumbprintAsync() == next.Thumbprint, "the matching key to complete the rotation");
    }

    /// <summary>The thumbprint of the certificate a new TLS connection is presented (the call succeeds with the good client).</summary>
    private async Task<string?> ServerThumbprintAsync()
    {
        string? seen = null;
        await TlsClient.CheckHealthAsync(_server.Address, Pki, Pki.GoodClient, thumbprint => seen = thumbprint);
        return seen;
    }

    /// <summary>Polls <paramref name="condition"/>: the files are looked at every ServerCertificateSource.CheckInterval (2 s) at most.</summary>
    private static Task PollAsync(Func<Task<bool>> condition, string what) =>
        Bounded.UntilAsync(_ => condition(), what, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
}
