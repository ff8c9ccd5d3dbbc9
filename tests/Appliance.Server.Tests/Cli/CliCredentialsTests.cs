using Appliance.Cli.Commands;
using Appliance.Core.Security;

namespace Appliance.Server.Tests.Cli;

/// <summary>appliancectl's API key options against the real server with authentication on (http:// on loopback).</summary>
public sealed class CliCredentialsTests(ApiKeyServerFixture server) : IClassFixture<ApiKeyServerFixture>
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Generate_RightKeyFile_StreamsText()
    {
        var exit = await Generate("--api-key-file", server.KeyFile);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.NotEmpty(_cli.Output.Trim());
        Assert.Contains("completion 4 tok", _cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WrongKey_ExitsUnauthenticatedWithoutShowingTheKey()
    {
        var exit = await Generate("--api-key-file", server.WrongKeyFile);

        Assert.Equal(ExitCodes.Unauthenticated, exit);
        Assert.Contains("error: Unauthenticated:", _cli.Error, StringComparison.Ordinal);
        Assert.Contains(
            $"hint: the server did not accept the credentials (sent an API key from --api-key-file {server.WrongKeyFile}): use --api-key-file",
            _cli.Error,
            StringComparison.Ordinal);
        Assert.Contains("--cert-file/--key-file", _cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(server.WrongKey, _cli.All, StringComparison.Ordinal);
        Assert.DoesNotContain(server.WrongKey[ApiKeyHash.KeyPrefix.Length..][..12], _cli.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_NoKey_ExitsUnauthenticated()
    {
        var exit = await Generate();

        Assert.Equal(ExitCodes.Unauthenticated, exit);
        Assert.Contains("error: Unauthenticated:", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("the server did not accept the credentials (no credentials were sent)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ModelNotAllowedForTheClient_ExitsPermissionDenied()
    {
        var exit = await Generate("--api-key-file", server.LimitedKeyFile);

        Assert.Equal(ExitCodes.PermissionDenied, exit);
        Assert.Contains("error: PermissionDenied:", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("AllowedModels", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsList_NoKey_ExitsUnauthenticated()
    {
        var exit = await _cli.RunAsync("models", "list", "--server", server.Address);

        Assert.Equal(ExitCodes.Unauthenticated, exit);
        Assert.Empty(_cli.Output);
    }

    [Fact]
    public async Task ApiKeyFile_ReadableByEveryone_WarnsAndStillWorks()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes to check
        }

        var file = server.Folder.Combine("shared.key");
        File.Copy(server.KeyFile, file, overwrite: true);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var exit = await _cli.RunAsync("models", "list", "--server", server.Address, "--api-key-file", file);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains(SecuredServerFixture.ModelId, _cli.Output, StringComparison.Ordinal);
        Assert.Contains($"warning: --api-key-file: every user of this machine can read {file}", _cli.Error, StringComparison.Ordinal);
    }

    private Task<int> Generate(params string[] credentials) =>
        _cli.RunAsync(
        [
            "generate", "--server", server.Address, .. credentials,
            "--model", SecuredServerFixture.ModelId, "--max-tokens", "4", "--temperature", "0", "Summarise: fever and cough",
        ]);
}
