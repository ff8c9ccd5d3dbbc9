using Appliance.Core.Structured;
using Xunit.Abstractions;

namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>llama.cpp's own GBNF parser (the one LLamaSharp 0.30 binds) accepts every grammar the converter writes, keyword by keyword.</summary>
public sealed class GbnfAcceptanceTests(GrammarModel model, ITestOutputHelper output) : IClassFixture<GrammarModel>
{
    public static TheoryData<string> Schemas() =>
    [
        """{"type":"object"}""",
        """{"type":"array"}""",
        """{"type":"string"}""",
        """{"type":"number"}""",
        """{"type":"integer"}""",
        """{"type":"boolean"}""",
        """{"type":"null"}""",
        """{"type":["string","null"],"maxLength":4}""",
        """{"type":"integer","nullable":true}""",
        """{}""",
        """true""",
        """{"properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["b"]}""",
        """{"type":"object","properties":{"a":{},"b":{},"c":{}},"additionalProperties":false}""",
        """{"type":"object","additionalProperties":{"type":"number"}}""",
        """{"type":"object","additionalProperties":false}""",
        """{"enum":["urgent","routine",1,null,{"a":[1,2]},"引号\"与\\反斜杠"]}""",
        """{"const":"口服"}""",
        """{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":5}""",
        """{"type":"array","items":{"type":"integer"},"maxItems":1}""",
        """{"type":"array","maxItems":0}""",
        """{"type":"array","minItems":3}""",
        """{"type":"string","minLength":1,"maxLength":20}""",
        """{"type":"string","minLength":3}""",
        """{"type":"string","pattern":"^[A-Z]{2}-\\d{3,5}(\\.[0-9]+)?$"}""",
        """{"type":"string","pattern":"(?:mg|g)/(kg|m2)|[^\"\\\\,]+|\\w\\s.?x*"}""",
        """{"type":"string","pattern":"[a\"\\\\\\t-]+"}""",
        """{"type":"string","pattern":"^(?:mg|g)/(kg|m2)|[^\"\\\\,]{1,5}|\\w\\s.?x{0,3}$"}""",
        """{"type":"string","pattern":"^[a\"\\\\\\t-]{2,4}\\.[^;]{0,3}$"}""",
        """{"type":"string","format":"date"}""",
        """{"type":"string","format":"date-time"}""",
        """{"type":"string","format":"time"}""",
        """{"type":"string","format":"uuid"}""",
        """{"$defs":{"d":{"type":"string"}},"$ref":"#/$defs/d"}""",
        """{"definitions":{"node":{"type":"object","properties":{"next":{"anyOf":[{"$ref":"#/definitions/node"},{"type":"null"}]}}}},"$ref":"#/definitions/node"}""",
        """{"anyOf":[{"type":"string"},{"type":"number"}]}""",
        """{"oneOf":[{"const":"H"},{"const":"L"}],"nullable":true}""",
        """{"title":"t","description":"d","$comment":"c","examples":[1],"default":1,"type":"integer"}""",
        ClinicalSchemas.MedicationList,
        ClinicalSchemas.DischargeSummary,
        ClinicalSchemas.Triage,
        ClinicalSchemas.LabResult,
    ];

    [Theory]
    [MemberData(nameof(Schemas))]
    public void FromSchema_SupportedKeyword_LlamaCppParsesTheGrammar(string schema)
    {
        var grammar = JsonSchemaGrammar.FromSchema(schema);

        Assert.Equal("root", grammar.RootRule);
        Assert.True(model.Parses(grammar.Text), "llama.cpp refused:\n" + grammar.Text);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Generate_SupportedKeyword_CompletedOutputsValidate(string schema)
    {
        // Greedy and one seeded draw per keyword: what the grammar admits, the validator accepts (the pattern
        // subset, formats, escapes). Unbounded schemas may run out of tokens; those prove nothing and pass.
        var grammar = JsonSchemaGrammar.FromSchema(schema);
        var completed = 0;
        foreach (var seed in new uint?[] { null, 11 })
        {
            if (model.Generate(grammar, seed, maxTokens: 160) is { } text)
            {
                SchemaValidation.AssertValid(schema, schema, text);
                completed++;
            }
        }

        output.WriteLine($"completed {completed} of 2");
    }

    [Fact]
    public void AnyJsonObjectAndChoice_LlamaCppParsesTheGrammars()
    {
        Assert.True(model.Parses(JsonSchemaGrammar.AnyJsonObject().Text));
        Assert.True(model.Parses(JsonSchemaGrammar.Choice(["urgent", "routine", "非紧急", "say \"no\"\n"]).Text));
    }

    [Theory]
    [InlineData("root ::= (")]
    [InlineData("root ::= undefined-rule")]
    [InlineData("root ::= \"a\"")]
    public void Parses_BrokenGrammarOrWrongRoot_ReportsRefusalWithoutCrashing(string gbnf)
    {
        // The check itself can fail: a grammar llama.cpp refuses reads false (the last one lacks the asked-for root).
        Assert.False(model.Parses(gbnf, gbnf.Contains("\"a\"", StringComparison.Ordinal) ? "start" : "root"));
    }
}
