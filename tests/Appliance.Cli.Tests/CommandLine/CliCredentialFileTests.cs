using Appliance.Core.Security;

namespace Appliance.Cli.Tests.CommandLine;

/// <summary>
/// Credential options that cannot be used are refused before anything is sent, with the option
/// named and no key quoted. The server address is one nothing listens on: no call is ever made.
/// </summary>
public sealed class CliCredentialFileTests : IDisposable
{
    private const string NowhereHttps = "https://127.0.0.1:9";
    private const string NowhereHttp = "http://127.0.0.1:9";

    private readonly TempFolder _folder = new("appliance-cli-files");
    private readonly TestCertificates _certificates;
    private readonly CliRunner _cli = new();

    public CliCredentialFileTests()
    {
        _certificates = TestCertificates.Create(folder: _folder.Path);
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task ApiKeyFile_Missing_RefusedNamingTheOption()
    {
        var missing = _folder.Combine("absent.key");

        var exit = await _cli.RunAsync("models", "list", "--server", NowhereHttp, "--api-key-file", missing);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains($"error: --api-key-file: {missing}: no such file", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyFile_ShortKey_RefusedWithoutQuotingIt()
    {
        var file = Secret("short.key", "not-long-enough-7\n");

        var exit = await _cli.RunAsync("models", "list", "--server", NowhereHttp, "--api-key-file", file);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains($"--api-key-file: {file} does not hold a usable API key", _cli.Error, StringComparison.Ordinal);
        Assert.Contains($"at least {ApiKeyHash.MinimumKeyLength}", _cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-long-enough-7", _cli.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyFile_Folder_RefusedNamingTheOption()
    {
        var exit = await _cli.RunAsync("models", "list", "--server", NowhereHttp, "--api-key-file", _folder.Path);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains($"--api-key-file: {_folder.Path} is a folder", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertFile_WithoutKeyFile_RefusedNamingBothOptions()
    {
        var exit = await _cli.RunAsync("models", "list", "--server", NowhereHttps, "--cert-file", _certificates.ClientCertFile);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains("error: --cert-file is set but not its private key: give --key-file", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFile_WithoutCertFile_RefusedNamingBothOptions()
    {
        var exit = await _cli.RunAsync("models", "list", "--server", NowhereHttps, "--key-file", _certificates.ClientKeyFile);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains("error: --key-file is set but no client certificate: give --cert-file", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFile_NotTheCertificatesKey_Refused()
    {
        var exit = await _cli.RunAsync(
            "models", "list", "--server", NowhereHttps, "--cert-file", _certificates.ClientCertFile, "--key-file", _certificates.StrayKeyFile);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains(
            $"--key-file: {_certificates.StrayKeyFile} is not the private key of the certificate in --cert-file {_certificates.ClientCertFile}",
            _cli.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFile_NotPem_Refused()
    {
        var file = Secret("client.der", "this is not a key");

        var exit = await _cli.RunAsync("models", "list", "--server", NowhereHttps, "--cert-file", _certificates.ClientCertFile, "--key-file", file);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains($"--key-file: {file} holds no PEM private key", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertFile_AKeyInsteadOfACertificate_Refused()
    {
        var exit = await _cli.RunAsync(
            "models", "list", "--server", NowhereHttps, "--cert-file", _certificates.ClientKeyFile, "--key-file", _certificates.ClientKeyFile);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains($"--cert-file: {_certificates.ClientKeyFile} holds no PEM certificate", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaFile_NotPem_Refused()
    {
        var file = Secret("ca.der", "\u0030\u0082 not pem");

        var exit = await _cli.RunAsync("models", "list", "--server", NowhereHttps, "--ca-file", file);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains($"--ca-file: {file} holds no PEM certificate", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsOptions_OverHttp_IgnoredWithAWarning()
    {
        var exit = await _cli.RunAsync("models", "list", "--server", NowhereHttp, "--ca-file", _folder.Combine("absent.pem"));

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Contains("warning: --ca-file ignored: http://127.0.0.1:9 is http:// (no TLS)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_OverHttpToAnotherHost_Warns()
    {
        var file = Secret("good.key", ApiKeyHash.NewKey());

        // 192.0.2.0/24 is reserved for documentation: nothing answers, the connect times out.
        await _cli.RunAsync("models", "list", "--server", "http://192.0.2.1:9", "--api-key-file", file);

        Assert.Contains("warning: the API key is sent unencrypted (http://) to 192.0.2.1", _cli.Error, StringComparison.Ordinal);
    }

    private string Secret(string name, string text) => SecretFile.Write(_folder.Combine(name), text);
}
