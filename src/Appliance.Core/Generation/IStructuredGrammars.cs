namespace Appliance.Core.Generation;

/// <summary>
/// The grammar source and the after-the-fact check of each response format mode: the one seam
/// between the scheduler and whatever turns a response format into GBNF (the JSON Schema
/// converter included). Thread-safe: called on the callers' threads and the model workers'.
/// </summary>
public interface IStructuredGrammars
{
    /// <summary>The grammar for a JSON Schema document.</summary>
    /// <exception cref="Errors.InvalidRequestException">The schema is not JSON, or asks for what cannot be enforced (names <c>response_format.json_schema</c>).</exception>
    ConstraintGrammar JsonSchema(string schemaJson);

    /// <summary>The grammar for any JSON object.</summary>
    /// <exception cref="Errors.InvalidRequestException">Not supported by this build.</exception>
    ConstraintGrammar JsonObject();

    /// <summary>The caller's own GBNF (root rule <c>root</c>); the engine compiles it before the request is queued.</summary>
    ConstraintGrammar Grammar(string gbnf);

    /// <summary>A grammar whose only sentences are the given strings.</summary>
    ConstraintGrammar Choice(IReadOnlyList<string> choices);

    /// <summary>
    /// Checks a complete answer (the grammar reached its end: end-of-generation under the grammar)
    /// against its format: a schema's validation, a JSON object's parse, a choice's membership.
    /// A grammar's answer is valid by construction.
    /// </summary>
    bool IsValid(ResponseFormat format, string output);
}
