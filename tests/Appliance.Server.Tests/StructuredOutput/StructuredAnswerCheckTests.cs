using Appliance.Core.Generation;
using Appliance.Server.StructuredOutput;

namespace Appliance.Server.Tests.StructuredOutput;

/// <summary>The server's own check of a finished answer, fed answers directly (no decoding).</summary>
public sealed class StructuredAnswerCheckTests
{
    private const string Medications = """
        {
          "type": "object",
          "required": ["medications"],
          "additionalProperties": false,
          "properties": {
            "medications": {
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "required": ["name", "dose_mg", "route"],
                "properties": {
                  "name": { "type": "string", "minLength": 1 },
                  "dose_mg": { "type": "number", "exclusiveMinimum": 0 },
                  "route": { "enum": ["oral", "iv", "im"] },
                  "started": { "type": "string", "format": "date" }
                }
              }
            }
          }
        }
        """;

    private static readonly ResponseFormat Schema = new() { Mode = ResponseFormatMode.JsonSchema, Text = Medications };

    [Theory]
    [InlineData("""{"medications":[{"name":"aspirin","dose_mg":100,"route":"oral"}]}""")]
    [InlineData("""{ "medications": [ {"name":"阿司匹林","dose_mg":0.5,"route":"iv","started":"2026-12-01"} ] }""")]
    public void JsonSchema_ValidAnswer_Valid(string answer) => Assert.True(StructuredAnswerCheck.IsValid(Schema, answer));

    [Theory]
    [InlineData("""{"medications":[]}""")]
    [InlineData("""{"medications":[{"name":"aspirin","dose_mg":100,"route":"rectal"}]}""")]
    [InlineData("""{"medications":[{"name":"aspirin","dose_mg":-1,"route":"oral"}]}""")]
    [InlineData("""{"medications":[{"name":"aspirin","route":"oral"}]}""")]
    [InlineData("""{"medications":[{"name":"aspirin","dose_mg":100,"route":"oral"}],"note":"x"}""")]
    [InlineData("""{"medications":[{"name":"aspirin","dose_mg":100,"route":"oral"}""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public void JsonSchema_InvalidOrBrokenAnswer_Invalid(string answer) => Assert.False(StructuredAnswerCheck.IsValid(Schema, answer));

    [Theory]
    [InlineData("""{}""", true)]
    [InlineData("""{"a":[1,2,{"b":null}]}""", true)]
    [InlineData("""[1]""", false)]
    [InlineData("""{"a":1""", false)]
    [InlineData("""{"a":1} x""", false)]
    public void JsonObject_ParsesAsOneObject(string answer, bool valid) =>
        Assert.Equal(valid, StructuredAnswerCheck.IsValid(new ResponseFormat { Mode = ResponseFormatMode.JsonObject }, answer));

    [Theory]
    [InlineData("urgent", true)]
    [InlineData("routine", true)]
    [InlineData("Urgent", false)]
    [InlineData("urgent ", false)]
    [InlineData("", false)]
    public void Choice_ExactMemberOnly(string answer, bool valid) =>
        Assert.Equal(valid, StructuredAnswerCheck.IsValid(new ResponseFormat { Mode = ResponseFormatMode.Choice, Choices = ["urgent", "routine"] }, answer));

    [Fact]
    public void ChoiceGrammar_EscapesEveryGbnfSpecialCharacter()
    {
        var grammar = ChoiceGrammar.Build(["a\"b", "c\\d", "e\nf\tg\rh", "i\u0001j", "胸痛 [x]"]);

        Assert.Equal("root", grammar.RootRule);
        Assert.Equal("root ::= \"a\\\"b\" | \"c\\\\d\" | \"e\\nf\\tg\\rh\" | \"i\\x01j\" | \"胸痛 [x]\"\n", grammar.Text);
    }

    [Fact]
    public void StructuredGrammars_JsonModes_ConvertedCachedOrRefusedNamingPointerAndKeyword()
    {
        var grammars = new StructuredGrammars();

        const string Triage = "{\"type\":\"object\",\"properties\":{\"level\":{\"enum\":[\"urgent\",\"routine\"]}},\"required\":[\"level\"]}";
        var schema = grammars.JsonSchema(Triage);
        var again = grammars.JsonSchema(Triage);
        var json = grammars.JsonObject();
        var refused = Assert.Throws<Core.Errors.InvalidRequestException>(() => grammars.JsonSchema("{\"type\":\"integer\",\"multipleOf\":5}"));

        Assert.Equal("root", schema.RootRule);
        Assert.Contains("root ::=", schema.Text, StringComparison.Ordinal);
        Assert.Equal(schema, again);
        Assert.Contains("root ::=", json.Text, StringComparison.Ordinal);
        Assert.Equal("response_format.json_schema: (root): keyword \"multipleOf\" is not supported", refused.Message);
    }
}

/// <summary>The README's clinical example is a schema the appliance accepts, and a right answer passes the server's check.</summary>
public sealed class ReadmeSchemaExampleTests
{
    [Fact]
    public void MedicationListExample_ConvertsAndAValidAnswerPasses()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("```json", readme.IndexOf("A medication list from a dictated note", StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        var schema = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var grammar = new StructuredGrammars().JsonSchema(schema);
        var format = new Core.Generation.ResponseFormat { Mode = Core.Generation.ResponseFormatMode.JsonSchema, Text = schema };

        Assert.Contains("root ::=", grammar.Text, StringComparison.Ordinal);
        Assert.True(StructuredAnswerCheck.IsValid(
            format, """{"medications":[{"name":"阿莫西林","dose":"500 mg","route":"oral","frequency":"tid"}]}"""));
        Assert.False(StructuredAnswerCheck.IsValid(
            format, """{"medications":[{"name":"布洛芬","dose":"a lot","route":"oral","frequency":"prn"}]}"""));
    }
}
