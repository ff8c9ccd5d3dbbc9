using Appliance.Core.Security;

namespace Appliance.Core.Tests.Security;

public sealed class ApiKeyHashTests
{
    [Fact]
    public void Hash_OfANewKey_MatchesThatKeyOnly()
    {
        var key = ApiKeyHash.NewKey();
        var other = ApiKeyHash.NewKey();

        var stored = ApiKeyHash.Hash(key);
        var parsed = ApiKeyHash.Parse(stored, out var problem);

        Assert.Null(problem);
        Assert.NotNull(parsed);
        Assert.True(parsed.Matches(key));
        Assert.False(parsed.Matches(other));
        Assert.False(parsed.Matches(key[..^1]));
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.StartsWith("apk_", key, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_SameKeyTwice_UsesDifferentSalts()
    {
        var key = ApiKeyHash.NewKey();

        Assert.NotEqual(ApiKeyHash.Hash(key), ApiKeyHash.Hash(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("apk_the-key-itself-pasted-by-mistake-0123456789")]
    [InlineData("sha256$AAAA$BBBB")]
    [InlineData("hmac-sha256$AAAA$BBBB")]
    [InlineData("hmac-sha256$not base64$also not")]
    public void Parse_Malformed_SaysWhatIsExpected(string stored)
    {
        Assert.Null(ApiKeyHash.Parse(stored, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Hash_ShortKey_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ApiKeyHash.Hash("password123"));

        Assert.Contains("at least 32", error.Message, StringComparison.Ordinal);
    }
}
