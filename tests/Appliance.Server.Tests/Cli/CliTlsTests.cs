using Appliance.Cli.Commands;

namespace Appliance.Server.Tests.Cli;

/// <summary>appliancectl over https://: the hospital CA from --ca-file, the host name check, and a client certificate (mutual TLS).</summary>
public sealed class CliTlsTests(ApiKeyTlsServerFixture server) : IClassFixture<ApiKeyTlsServerFixture>
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Generate_CaFileAndApiKey_StreamsText()
    {
        var exit = await Generate(server.Address, "--ca-file", server.Pki.CaFile, "--api-key-file", server.KeyFile);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("completion 4 tok", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ClientCertificateOnly_IsAuthenticated()
    {
        var exit = await Generate(server.Address, ["--ca-file", server.Pki.CaFile, .. server.ClientCertificateOptions]);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("completion 4 tok", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_CaFileButNoCredentials_ExitsUnauthenticated()
    {
        var exit = await Generate(server.Address, "--ca-file", server.Pki.CaFile);

        Assert.Equal(ExitCodes.Unauthenticated, exit);
        Assert.Contains("use --api-key-file (or $APPLIANCE_API_KEY) or --cert-file/--key-file", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_NoCaFile_RefusesTheServerWithAHint()
    {
        var exit = await Generate(server.Address, "--api-key-file", server.KeyFile);

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Contains("error: TLS with the server at", _cli.Error, StringComparison.Ordinal);
        Assert.Contains(RpcErrorReporter.TlsHint, _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_CaFileOfAnotherCa_RefusesTheServer()
    {
        var exit = await Generate(server.Address, "--ca-file", server.Pki.OtherCaFile, "--api-key-file", server.KeyFile);

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Contains($"error: TLS: the server's certificate ({TestCertificates.ServerSubject}) is not trusted by --ca-file {server.Pki.OtherCaFile}", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_HostNameNotInTheCertificate_RefusesTheServer()
    {
        // The certificate names 127.0.0.1 only; "localhost" reaches the same listener under another name.
        var localhost = $"https://localhost:{new Uri(server.Address).Port}";

        var exit = await Generate(localhost, "--ca-file", server.Pki.CaFile, "--api-key-file", server.KeyFile);

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Contains($"error: TLS: the server's certificate ({TestCertificates.ServerSubject}) is not issued for the host name", _cli.Error, StringComparison.Ordinal);
    }

    private Task<int> Generate(string address, params string[] options) =>
        _cli.RunAsync(
        [
            "generate", "--server", address, .. options,
            "--model", SecuredServerFixture.ModelId, "--max-tokens", "4", "--temperature", "0", "Summarise: fever and cough",
        ]);
}
