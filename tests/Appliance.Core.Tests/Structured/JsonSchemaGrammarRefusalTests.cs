using Appliance.Core.Structured;

namespace Appliance.Core.Tests.Structured;

/// <summary>Every keyword the converter cannot enforce is refused, naming the JSON pointer and the keyword.</summary>
public sealed class JsonSchemaGrammarRefusalTests
{
    [Theory]
    [InlineData("""{"type":"object","properties":{"dose":{"type":"number","multipleOf":0.5}}}""", "/properties/dose", "multipleOf")]
    [InlineData("""{"type":"integer","minimum":0}""", "", "minimum")]
    [InlineData("""{"type":"number","maximum":10}""", "", "maximum")]
    [InlineData("""{"type":"number","exclusiveMinimum":0}""", "", "exclusiveMinimum")]
    [InlineData("""{"type":"number","exclusiveMaximum":0}""", "", "exclusiveMaximum")]
    [InlineData("""{"not":{"type":"null"}}""", "", "not")]
    [InlineData("""{"if":{},"then":{},"else":{}}""", "", "if")]
    [InlineData("""{"allOf":[{"type":"string"}]}""", "", "allOf")]
    [InlineData("""{"type":"object","patternProperties":{"^a":{}}}""", "", "patternProperties")]
    [InlineData("""{"type":"object","dependentSchemas":{}}""", "", "dependentSchemas")]
    [InlineData("""{"type":"object","unevaluatedProperties":false}""", "", "unevaluatedProperties")]
    [InlineData("""{"type":"array","uniqueItems":true}""", "", "uniqueItems")]
    [InlineData("""{"type":"array","prefixItems":[{}]}""", "", "prefixItems")]
    [InlineData("""{"type":"object","minProperties":1}""", "", "minProperties")]
    [InlineData("""{"type":"array","items":{"properties":{"a/b":{"contains":{}}}}}""", "/items/properties/a~1b", "contains")]
    [InlineData("""{"$ref":"https://example.org/schema.json"}""", "", "$ref")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "", "$ref")]
    [InlineData("""{"$defs":{"a":{"type":"string"}},"$ref":"#/$defs/a","maxLength":3}""", "", "maxLength")]
    [InlineData("""{"type":"thing"}""", "", "type")]
    [InlineData("""{"type":"string","format":"email"}""", "", "format")]
    [InlineData("""{"type":"string","format":"date","maxLength":10}""", "", "maxLength")]
    [InlineData("""{"type":"string","pattern":"a","format":"date"}""", "", "format")]
    [InlineData("""{"type":"object","properties":{"a":{}},"additionalProperties":true}""", "", "additionalProperties")]
    [InlineData("""{"type":"object","properties":{"a":{}},"required":["b"]}""", "", "required")]
    [InlineData("""{"type":"array","items":[{"type":"string"}]}""", "", "items")]
    [InlineData("""{"type":"array","minItems":3,"maxItems":2}""", "", "maxItems")]
    [InlineData("""{"type":"array","maxItems":5000}""", "", "maxItems")]
    [InlineData("""{"type":"string","minLength":-1}""", "", "minLength")]
    [InlineData("""{"type":"string","maxLength":1.5}""", "", "maxLength")]
    [InlineData("""{"anyOf":[]}""", "", "anyOf")]
    [InlineData("""{"oneOf":[{"type":"string"}],"type":"string"}""", "", "type")]
    [InlineData("""{"enum":[]}""", "", "enum")]
    [InlineData("""{"type":"integer","nullable":"yes"}""", "", "nullable")]
    public void FromSchema_UnsupportedOrMalformedKeyword_RefusesNamingPointerAndKeyword(string schema, string location, string keyword)
    {
        var refusal = Assert.Throws<SchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema(schema));

        Assert.Equal(location, refusal.Pointer);
        Assert.Equal(keyword, refusal.Keyword);
        Assert.StartsWith((location.Length == 0 ? "(root)" : location) + ": ", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{keyword}\"", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSchema_MultipleOf_MessageReadsAsDocumented()
    {
        var refusal = Assert.Throws<SchemaNotSupportedException>(
            () => JsonSchemaGrammar.FromSchema("""{"type":"object","properties":{"dose":{"type":"number","multipleOf":0.5}}}"""));

        Assert.Equal("/properties/dose: keyword \"multipleOf\" is not supported", refusal.Message);
    }

    [Theory]
    [InlineData("(?=a)b")]
    [InlineData("(?<name>a)")]
    [InlineData("(a)\\1")]
    [InlineData("a*?")]
    [InlineData("a++")]
    [InlineData("\\bword")]
    [InlineData("\\p{L}+")]
    [InlineData("\\D")]
    [InlineData("[^\\s]")]
    [InlineData("a^b")]
    [InlineData("a$b")]
    [InlineData("*a")]
    [InlineData("(ab")]
    [InlineData("ab)")]
    [InlineData("[ab")]
    [InlineData("a{2,1}")]
    [InlineData("a{x}")]
    [InlineData("a{9999}")]
    [InlineData("a||b")]
    [InlineData("[z-a]")]
    public void FromSchema_PatternOutsideTheSubset_RefusesNamingPatternKeyword(string pattern)
    {
        var schema = "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\",\"pattern\":" + System.Text.Json.JsonSerializer.Serialize(pattern) + "}}}";

        var refusal = Assert.Throws<SchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema(schema));

        Assert.Equal("/properties/code", refusal.Pointer);
        Assert.Equal("pattern", refusal.Keyword);
    }

    [Fact]
    public void FromSchema_LargerThanMaxSchemaBytes_RefusedBeforeParsing()
    {
        var schema = $$"""{"description":"{{new string('x', 200)}}"}""";

        var refusal = Assert.Throws<SchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema(schema, new SchemaLimits(MaxSchemaBytes: 100)));

        Assert.Contains("more than the limit of 100", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSchema_DeeperThanMaxDepth_Refused()
    {
        var schema = """{"type":"array","items":{"type":"array","items":{"type":"array","items":{"type":"string"}}}}""";

        Assert.NotNull(JsonSchemaGrammar.FromSchema(schema, new SchemaLimits(MaxDepth: 3)));
        var refusal = Assert.Throws<SchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema(schema, new SchemaLimits(MaxDepth: 2)));
        Assert.Equal("/items/items/items", refusal.Pointer);
    }

    [Fact]
    public void FromSchema_MorePropertiesOrEnumValuesThanLimits_Refused()
    {
        var properties = """{"properties":{"a":{},"b":{},"c":{}}}""";
        var values = """{"enum":[1,2,3]}""";

        Assert.Equal("properties", Assert.Throws<SchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema(properties, new SchemaLimits(MaxProperties: 2))).Keyword);
        Assert.Equal("enum", Assert.Throws<SchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema(values, new SchemaLimits(MaxEnumValues: 2))).Keyword);
    }

    [Theory]
    [InlineData("{\"type\": \"患者张三\"")]
    [InlineData("not json at all")]
    public void FromSchema_NotJson_RefusedWithoutQuotingTheText(string text)
    {
        var refusal = Assert.Throws<SchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema(text));

        Assert.Contains("not valid JSON", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("张三", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("json at", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_EmptyListOrEmptyString_Throws()
    {
        Assert.Throws<ArgumentException>(() => JsonSchemaGrammar.Choice([]));
        Assert.Throws<ArgumentException>(() => JsonSchemaGrammar.Choice(["a", ""]));
    }
}
