using System.Text.Json;
using Appliance.Core.Configuration;

namespace Appliance.Core.Tests.Configuration;

/// <summary>Where a broken JSON file is reported (issue 21, item 2): a missing comma on the line that lacks it, not the next one.</summary>
public sealed class JsonSyntaxErrorTests
{
    [Fact]
    public void Describe_MissingCommaAtLineEnd_NamesThatLineAndItsEnd()
    {
        const string text = "{\n  \"a\": 1\n\n  \"b\": 2\n}\n";

        var message = JsonSyntaxError.Describe(Parse(text), text);

        Assert.StartsWith("malformed JSON at line 2, position 9: a ',' is missing at the end of this line (the next value starts on line 4;", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_MissingCommaInsideALine_KeepsTheReadersPlace()
    {
        const string text = "{ \"a\": 1 \"b\": 2 }";

        var message = JsonSyntaxError.Describe(Parse(text), text);

        Assert.StartsWith("malformed JSON at line 1, position 10: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_OtherErrorOrNoText_ReportsWhereTheReaderStopped()
    {
        const string text = "{\n  \"a\": 1\n  \"b\": 2\n}\n";

        Assert.StartsWith("malformed JSON at line 3, position 3: ", JsonSyntaxError.Describe(Parse(text)), StringComparison.Ordinal);
        Assert.StartsWith("malformed JSON at line 2, position 8: ", JsonSyntaxError.Describe(Parse("{\n  \"a\": }")), StringComparison.Ordinal);
    }

    private static JsonException Parse(string text) => Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
}
