using Appliance.Cli.Commands;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// Issue 21, item 3: four connection faults that used to read alike ("is the server running?") each get
/// their own cause and exit code, never a developer command; and an unreachable server ends
/// <c>status --wait</c> as unreachable, not as models loading. Against the real server in mutual TLS.
/// </summary>
public sealed class CliConnectionFaultTests(MutualTlsCliServerFixture server) : IClassFixture<MutualTlsCliServerFixture>
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task ModelsList_NameDoesNotResolve_SaysSoAndExitsUnavailable()
    {
        var exit = await _cli.RunAsync("models", "list", "--server", "https://appliance-typo.invalid:5443", "--ca-file", server.Pki.CaFile);

        Assert.True(exit == ExitCodes.Unavailable, _cli.All);
        Assert.Contains("the name appliance-typo.invalid does not resolve", _cli.Error, StringComparison.Ordinal);
        AssertNoDeveloperCommand();
    }

    [Fact]
    public async Task ModelsList_HttpAgainstTheTlsPort_SaysUseHttps()
    {
        var plain = server.Address.Replace("https://", "http://", StringComparison.Ordinal);

        var exit = await _cli.RunAsync("models", "list", "--server", plain, "--api-key-file", server.KeyFile);

        Assert.True(exit == ExitCodes.Unavailable, _cli.All);
        Assert.Contains($"use {server.Address}", _cli.Error, StringComparison.Ordinal);
        AssertNoDeveloperCommand();
    }

    [Fact]
    public async Task ModelsList_ClientCertificateOfAnotherCa_SaysTheServerRefusedIt()
    {
        var exit = await _cli.RunAsync(["models", "list", "--server", server.Address, "--ca-file", server.Pki.CaFile, .. server.OtherCaClientOptions]);

        Assert.True(exit == ExitCodes.Unauthenticated, _cli.All);
        Assert.Contains("the server refused the client certificate from --cert-file", _cli.Error, StringComparison.Ordinal);
        AssertNoDeveloperCommand();
    }

    [Fact]
    public async Task ModelsList_ApiKeyWhileServerRequiresCertificates_NamesClientCertificateMode_ServerLogsThePeer()
    {
        var exit = await _cli.RunAsync("models", "list", "--server", server.Address, "--ca-file", server.Pki.CaFile, "--api-key-file", server.KeyFile);

        Assert.True(exit == ExitCodes.Unauthenticated, _cli.All);
        Assert.Contains("the server requires a client certificate", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("ClientCertificateMode", _cli.Error, StringComparison.Ordinal);
        AssertNoDeveloperCommand();
        await Bounded.UntilAsync(
            () => server.Logs.Any(l => l.Contains("TLS handshake without a client certificate", StringComparison.Ordinal) && l.Contains("127.0.0.1", StringComparison.Ordinal)),
            "the server's log line naming the peer");
    }

    [Fact]
    public async Task ModelsList_GoodClientCertificate_Works()
    {
        var exit = await _cli.RunAsync(["models", "list", "--server", server.Address, "--ca-file", server.Pki.CaFile, .. server.ClientCertificateOptions]);

        Assert.True(exit == ExitCodes.Success, _cli.All);
    }

    [Fact]
    public async Task StatusWait_NameDoesNotResolve_EndsAtOnceAsUnreachableNotLoading()
    {
        var exit = await _cli.RunAsync("status", "--wait", "600", "--server", "https://appliance-typo.invalid:5443", "--ca-file", server.Pki.CaFile);

        Assert.True(exit == ExitCodes.Unavailable, _cli.All);
        Assert.Contains("does not resolve", _cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("load", _cli.Error, StringComparison.OrdinalIgnoreCase);
    }

    private void AssertNoDeveloperCommand() => Assert.DoesNotContain("dotnet", _cli.All, StringComparison.Ordinal);
}
