using Appliance.Core.Structured;

namespace Appliance.Core.Tests.Structured;

/// <summary>
/// The grammar text per keyword. Whether llama.cpp accepts it and whether what it admits validates is checked
/// with the real library in Appliance.Engines.Llama.Tests (GbnfAcceptanceTests, StructuredGenerationPropertyTests).
/// </summary>
public sealed class JsonSchemaGrammarTests
{
    [Fact]
    public void FromSchema_Object_DeclaredPropertiesInOrderOptionalOnesSkippable()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"},"c":{"type":"boolean"}},"required":["b"]}""");

        string[] rules =
        [
            "root ::= schema\n",
            "a-kv ::= \"\\\"a\\\"\" ws \":\" ws properties-a ws\n",
            "b-kv ::= \"\\\"b\\\"\" ws \":\" ws properties-b ws\n",

            // "a" is optional before the required "b": a, b[, c] or b[, c]; "c" after b is optional.
            "from-0 ::= a-kv after-1 | b-kv ( \",\" ws c-kv )?\n",
            "after-1 ::= \",\" ws b-kv ( \",\" ws c-kv )?\n",
        ];
        Assert.All(rules, rule => Assert.Contains(rule, grammar.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void FromSchema_AllOptionalProperties_EmptyObjectAllowed()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""{"properties":{"x":{"type":"null"}}}""");

        Assert.Contains("from-0 ::= ( x-kv )?\n", grammar.Text, StringComparison.Ordinal);
        Assert.Contains("::= \"{\" ws from-0 \"}\"", grammar.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSchema_Whitespace_IsBounded()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""{"type":"array"}""");

        Assert.Contains("ws ::= ( \" \" | \"\\n\" [ \\t]{0,8} )?", grammar.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[ \\t\\n]*", grammar.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSchema_EnumAndConst_CompactJsonLiteralsWithUtf8Kept()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""{"properties":{"route":{"enum":["oral","口服",null,{"a": 1}]},"unit":{"const":"mg"}}}""");

        Assert.Contains("\"\\\"oral\\\"\" | \"\\\"口服\\\"\" | \"null\" | \"{\\\"a\\\":1}\"", grammar.Text, StringComparison.Ordinal);
        Assert.Contains("\"\\\"mg\\\"\"", grammar.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":4}""", "\"[\" ws items ws ( \",\" ws items ws ){1,3} \"]\"")]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "\"[\" ws ( items ws ( \",\" ws items ws )* )? \"]\"")]
    [InlineData("""{"type":"string","minLength":1,"maxLength":20}""", "[\"] char{1,20} [\"]")]
    [InlineData("""{"type":["string","null"]}""", "string | null")]
    [InlineData("""{"type":"integer","nullable":true}""", "integer | null")]
    [InlineData("""{"type":"string","format":"date"}""", "[\"] date [\"]")]
    [InlineData("""{"type":"string","pattern":"^[A-Z]{2}\\d+$"}""", "[\"] [A-Z]{2} [0-9]+ [\"]")]
    [InlineData("""{"type":"string","pattern":"a\"b"}""", "\"a\" \"\\\\\\\"\" \"b\"")]
    [InlineData("""{"type":"string","pattern":"(?:mg|g)?"}""", "( ( \"m\" \"g\" | \"g\" ) )?")]
    [InlineData("""{"type":"string","pattern":"[^,]"}""", "[^\"\\\\\\x00-\\x1F\\x2C]")]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"integer"}]}""", "anyOf ::= anyOf-0 | anyOf-1")]
    public void FromSchema_Keyword_WritesExpectedRule(string schema, string fragment)
    {
        var text = JsonSchemaGrammar.FromSchema(schema).Text;
        Assert.True(text.Contains(fragment, StringComparison.Ordinal), text);
    }

    [Fact]
    public void FromSchema_NullableEnumAsProperty_AlternationStaysInsideItsRule()
    {
        // Found by the property test: "a | null" inlined into a property's sequence made the key optional.
        var grammar = JsonSchemaGrammar.FromSchema("""{"properties":{"flag":{"enum":["H","L"],"nullable":true}}}""");

        Assert.Contains("flag-kv ::= \"\\\"flag\\\"\" ws \":\" ws properties-flag-nullable ws\n", grammar.Text, StringComparison.Ordinal);
        Assert.Contains("properties-flag-nullable ::= properties-flag-enum | null\n", grammar.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSchema_RecursiveRef_OneRuleReferencesItself()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""{"$defs":{"node":{"properties":{"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}}}},"$ref":"#/$defs/node"}""");

        Assert.Contains("root ::= defs-node\n", grammar.Text, StringComparison.Ordinal);
        Assert.Contains("anyOf ::= defs-node | ", grammar.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_RawStrings_Alternatives()
    {
        Assert.Equal("root ::= \"urgent\" | \"routine\" | \"say \\\"no\\\"\"\n", JsonSchemaGrammar.Choice(["urgent", "routine", "urgent", "say \"no\""]).Text);
    }

    [Fact]
    public void AnyJsonObject_RootIsObjectRule()
    {
        var text = JsonSchemaGrammar.AnyJsonObject().Text;

        Assert.StartsWith("root ::= object\n", text, StringComparison.Ordinal);
        Assert.Contains("\nvalue ::= ", text, StringComparison.Ordinal);
    }
}
