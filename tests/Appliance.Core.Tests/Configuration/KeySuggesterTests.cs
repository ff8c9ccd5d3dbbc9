using Appliance.Core.Configuration;

namespace Appliance.Core.Tests.Configuration;

public sealed class KeySuggesterTests
{
    private static readonly string[] ClientKeys = ["AllowedModels", "AllowedMethods", "MaxConcurrent", "MaxConcurrentCalls", "PriorityCeiling", "Weight"];

    [Theory]
    [InlineData("AllowedMethds", "AllowedMethods")]
    [InlineData("maxconcurentcalls", "MaxConcurrentCalls")]
    [InlineData("PriorityCieling", "PriorityCeiling")]
    [InlineData("WEIGHT", "Weight")]
    public void Suggest_CloseTypoAnyCase_TheKnownSpelling(string typo, string expected) =>
        Assert.Equal(expected, KeySuggester.Suggest(typo, ClientKeys));

    [Theory]
    [InlineData("Colour")]
    [InlineData("AllowedThings")]
    public void Suggest_NothingWithinTwoEdits_Null(string unknown) => Assert.Null(KeySuggester.Suggest(unknown, ClientKeys));

    [Fact]
    public void Suggest_ComparedPart_MatchesANestedKeyByItsLastSegment()
    {
        string[] keys = ["AllowAnonymous", "Tls", "Tls:ClientCertificateMode"];

        var suggestion = KeySuggester.Suggest("ClientCertificateMod", keys, k => k[(k.LastIndexOf(':') + 1)..]);

        Assert.Equal("Tls:ClientCertificateMode", suggestion);
    }

    [Theory]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("same", "same", 0)]
    public void Distance_Levenshtein(string a, string b, int expected) => Assert.Equal(expected, KeySuggester.Distance(a, b));
}
