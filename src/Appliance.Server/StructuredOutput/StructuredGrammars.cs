using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Core.Structured;

namespace Appliance.Server.StructuredOutput;

/// <summary>
/// The grammar source: JSON Schema and "any JSON object" through the appliance's own converter
/// (<see cref="JsonSchemaGrammar"/>; compiled grammars cached by the schema's sha256 in a
/// <see cref="GrammarCache"/>), the caller's own GBNF (syntax-checked first), and choices as a GBNF alternation. A schema
/// the converter cannot enforce is refused before anything is queued, naming the JSON pointer
/// and keyword. The after-the-fact check of every mode is <see cref="StructuredAnswerCheck"/>.
/// </summary>
internal sealed class StructuredGrammars : IStructuredGrammars
{
    private const string JsonSchemaField = "response_format.json_schema";
    private readonly GrammarCache _cache = new();

    public ConstraintGrammar JsonSchema(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        try
        {
            var grammar = _cache.GetOrAdd(GrammarCache.Key("json_schema", schemaJson), () => JsonSchemaGrammar.FromSchema(schemaJson));
            return new ConstraintGrammar(grammar.Text, grammar.RootRule);
        }
        catch (SchemaNotSupportedException e)
        {
            // The message names the JSON pointer and keyword, never a value of the schema.
            throw new InvalidRequestException(JsonSchemaField, e.Message);
        }
    }

    public ConstraintGrammar JsonObject()
    {
        var grammar = _cache.GetOrAdd(GrammarCache.Key("json_object", string.Empty), JsonSchemaGrammar.AnyJsonObject);
        return new ConstraintGrammar(grammar.Text, grammar.RootRule);
    }

    /// <summary>
    /// The caller's GBNF, read first by <see cref="GbnfSyntax"/>: llama.cpp would print one it cannot
    /// parse, whole, to stderr; refused here naming line and column instead, without its text.
    /// </summary>
    public ConstraintGrammar Grammar(string gbnf)
    {
        ArgumentNullException.ThrowIfNull(gbnf);
        return GbnfSyntax.Check(gbnf, ChoiceGrammar.RootRule) is { } problem
            ? throw new InvalidRequestException("response_format.grammar.gbnf", problem)
            : new ConstraintGrammar(gbnf, ChoiceGrammar.RootRule);
    }

    public ConstraintGrammar Choice(IReadOnlyList<string> choices) => ChoiceGrammar.Build(choices);

    public bool IsValid(ResponseFormat format, string output) => StructuredAnswerCheck.IsValid(format, output);
}
