using System.Text.Json;
using Appliance.Core.Security;

namespace Appliance.Cli.Tests.Commands;

/// <summary><c>appliancectl keys new|hash</c> (local commands; no server).</summary>
public sealed class CliKeysTests
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private KeysCommand Keys => new(new CommandContext(_out, _err, TimeProvider.System, string.Empty));

    [Fact]
    public async Task KeysNew_PrintsAKeyThatItsHashAndSnippetAccept()
    {
        var exit = await Keys.NewAsync("his-01", CancellationToken.None).Within();

        Assert.Equal(ExitCodes.Success, exit);
        var lines = _out.ToString().Split('\n').Select(l => l.Trim()).ToList();
        var key = Assert.Single(lines, l => l.StartsWith(ApiKeyHash.KeyPrefix, StringComparison.Ordinal));
        var hash = Assert.Single(lines, l => l.StartsWith(ApiKeyHash.Scheme + "$", StringComparison.Ordinal));
        var parsed = ApiKeyHash.Parse(hash, out var problem);
        Assert.True(parsed is not null, problem);
        Assert.True(parsed.Matches(key));
        Assert.False(parsed.Matches(ApiKeyHash.NewKey()));

        using var snippet = JsonDocument.Parse(Assert.Single(lines, l => l.StartsWith('{')));
        var stored = snippet.RootElement.GetProperty("Appliance").GetProperty("Clients").GetProperty("his-01").GetProperty("ApiKeyHashes");
        Assert.Equal(hash, Assert.Single(stored.EnumerateArray()).GetString());
        var text = _out.ToString();
        Assert.Contains("shown only this once", text, StringComparison.Ordinal);
        Assert.Contains("safe channel", text, StringComparison.Ordinal);
        Assert.Contains("at most two keys", text, StringComparison.Ordinal);
        Assert.Contains("without a restart", text, StringComparison.Ordinal);
        Assert.Empty(_err.ToString());
    }

    [Fact]
    public async Task KeysNew_KeyFile_WritesTheKeyOwnerOnlyNeverShowsIt_PrintsTheFingerprintTheAuditUses()
    {
        using var folder = new TempFolder("appliance-keys");
        var file = folder.Combine("his-01.key");

        var exit = await Keys.NewAsync("his-01", CancellationToken.None, file).Within();

        Assert.Equal(ExitCodes.Success, exit);
        var key = File.ReadAllText(file).Trim();
        Assert.StartsWith(ApiKeyHash.KeyPrefix, key, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.DoesNotContain(key, _out.ToString(), StringComparison.Ordinal);
        var hash = Assert.Single(_out.ToString().Split('\n').Select(l => l.Trim()), l => l.StartsWith(ApiKeyHash.Scheme + "$", StringComparison.Ordinal));
        Assert.True(ApiKeyHash.Parse(hash, out _)!.Matches(key));
        Assert.Contains($"api-key {ApiKeyHash.Parse(hash, out _)!.Fingerprint}", _out.ToString(), StringComparison.Ordinal);

        // Never over an existing file (a key in use).
        Assert.Equal(ExitCodes.InvalidArgument, await Keys.NewAsync("his-01", CancellationToken.None, file).Within());
        Assert.Equal(key, File.ReadAllText(file).Trim());
    }

    [Fact]
    public async Task KeysNew_TwiceGivesDifferentKeys()
    {
        await Keys.NewAsync("his-01", CancellationToken.None).Within();
        await Keys.NewAsync("his-01", CancellationToken.None).Within();

        var keys = _out.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(ApiKeyHash.KeyPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("His-01")]
    [InlineData("his 01")]
    [InlineData("-his")]
    [InlineData("anonymous")]
    public async Task KeysNew_ClientNotAClientId_RefusedNamingTheOption(string client)
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("keys", "new", "--client", client);

        Assert.NotEqual(ExitCodes.Success, exit);
        Assert.Contains($"--client: '{client}' is not a client id", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeyHash.KeyPrefix, cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysHash_KeyOnStandardInput_PrintsAHashThatMatchesIt()
    {
        var key = ApiKeyHash.NewKey();

        var exit = await Keys.HashAsync(new StringReader(key + "\n"), CancellationToken.None).Within();

        Assert.Equal(ExitCodes.Success, exit);
        var hash = _out.ToString().Trim();
        Assert.True(ApiKeyHash.Parse(hash, out _)?.Matches(key));
        Assert.DoesNotContain(key, _out.ToString() + _err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-key-123")]
    [InlineData("")]
    [InlineData("two words that together are longer than thirty-two")]
    public async Task KeysHash_UnusableKey_RefusedWithoutEchoingIt(string key)
    {
        var exit = await Keys.HashAsync(new StringReader(key), CancellationToken.None).Within();

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Empty(_out.ToString());
        Assert.Contains("error: the key on standard input cannot be used", _err.ToString(), StringComparison.Ordinal);
        if (key.Length > 0)
        {
            Assert.DoesNotContain(key, _err.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KeysHash_ShortKey_SaysTheMinimumLength()
    {
        await Keys.HashAsync(new StringReader("short-key-123"), CancellationToken.None).Within();

        Assert.Contains($"at least {ApiKeyHash.MinimumKeyLength}", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysHash_KeyAsAnArgument_IsAParseError()
    {
        var cli = new CliRunner();
        var key = ApiKeyHash.NewKey();

        var exit = await cli.RunAsync("keys", "hash", key);

        Assert.NotEqual(ExitCodes.Success, exit);
        Assert.DoesNotContain(ApiKeyHash.Scheme, cli.Output, StringComparison.Ordinal);
    }
}
