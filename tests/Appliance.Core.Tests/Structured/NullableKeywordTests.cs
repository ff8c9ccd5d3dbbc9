using System.Text.Json.Nodes;
using Appliance.Core.Structured;

namespace Appliance.Core.Tests.Structured;

public sealed class NullableKeywordTests
{
    [Theory]
    [InlineData("""{"type":"number","nullable":true}""", """{"type":["number","null"]}""")]
    [InlineData("""{"type":["string"],"nullable":true}""", """{"type":["string","null"]}""")]
    [InlineData("""{"enum":["H","L"],"nullable":true}""", """{"enum":["H","L",null]}""")]
    [InlineData("""{"oneOf":[{"const":"H"}],"nullable":true}""", """{"oneOf":[{"const":"H"},{"type":"null"}]}""")]
    [InlineData("""{"type":"integer","nullable":false}""", """{"type":"integer"}""")]
    [InlineData("""{"properties":{"nullable":{"type":"boolean","nullable":true}}}""", """{"properties":{"nullable":{"type":["boolean","null"]}}}""")]
    [InlineData("""{"$defs":{"d":{"type":"string","nullable":true}},"$ref":"#/$defs/d"}""", """{"$defs":{"d":{"type":["string","null"]}},"$ref":"#/$defs/d"}""")]
    public void ToStandard_Nullable_RewrittenInStandardKeywords(string schema, string expected)
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(NullableKeyword.ToStandard(schema))), NullableKeyword.ToStandard(schema));
    }

    [Fact]
    public void ToStandard_NoNullable_TextUnchanged()
    {
        const string Schema = """{ "type": "string" }""";

        Assert.Same(Schema, NullableKeyword.ToStandard(Schema));
    }
}
