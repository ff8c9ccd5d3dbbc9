using Appliance.Core.Errors;
using Appliance.Core.Generation;

namespace Appliance.Server.StructuredOutput;

/// <summary>
/// The grammar source of this build: the caller's own GBNF, and choices as a GBNF alternation.
/// json_schema and json_object need the JSON Schema → GBNF converter
/// (<c>Appliance.Core.Structured.JsonSchemaGrammar</c>, issue 15 item 2), which is written on
/// another branch: until the lead binds it here at merge, both modes are refused honestly, before
/// anything is queued. The after-the-fact check of every mode is complete already
/// (<see cref="StructuredAnswerCheck"/>).
/// </summary>
internal sealed class StructuredGrammars : IStructuredGrammars
{
    public ConstraintGrammar JsonSchema(string schemaJson) =>
        throw new InvalidRequestException("response_format.json_schema", "not supported by this build");

    public ConstraintGrammar JsonObject() =>
        throw new InvalidRequestException("response_format.json_object", "not supported by this build");

    public ConstraintGrammar Grammar(string gbnf) => new(gbnf, ChoiceGrammar.RootRule);

    public ConstraintGrammar Choice(IReadOnlyList<string> choices) => ChoiceGrammar.Build(choices);

    public bool IsValid(ResponseFormat format, string output) => StructuredAnswerCheck.IsValid(format, output);
}
