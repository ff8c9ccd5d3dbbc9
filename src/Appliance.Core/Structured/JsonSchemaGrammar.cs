using System.Text;
using System.Text.Json;

namespace Appliance.Core.Structured;

/// <summary>
/// Builds llama.cpp GBNF grammars for structured output: from a JSON Schema, for any JSON object, or for a
/// choice among fixed strings.
/// </summary>
/// <remarks>
/// Hand-written: no .NET JSON-Schema-to-GBNF converter is served to this project (Llama.Grammar and
/// RedPajama are not). The approach was learned from llama.cpp's <c>json_schema_to_grammar</c> and
/// node-llama-cpp's <c>gbnfJson</c>; no code was copied. Where it differs on purpose: every keyword it
/// cannot enforce is refused naming its JSON pointer (never silently ignored); an object with
/// <c>properties</c> gets only its declared properties (<c>additionalProperties</c> absent is read as
/// false; anything but false beside <c>properties</c> is refused); whitespace, number lengths and exponents are
/// bounded; dates are real calendar dates. The supported keywords and the pattern subset are listed in
/// docs/architecture.md ("Structured output: schema to grammar").
/// </remarks>
public static class JsonSchemaGrammar
{
    /// <summary>Converts a JSON Schema document to GBNF; throws <see cref="SchemaNotSupportedException"/> naming the pointer and keyword it cannot enforce.</summary>
    /// <param name="schemaJson">The schema as JSON text.</param>
    /// <param name="limits">Size bounds; <see cref="SchemaLimits.Default"/> when null.</param>
    public static GbnfGrammar FromSchema(string schemaJson, SchemaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        limits ??= SchemaLimits.Default;
        var bytes = Encoding.UTF8.GetByteCount(schemaJson);
        if (bytes > limits.MaxSchemaBytes)
        {
            throw new SchemaNotSupportedException(string.Empty, string.Empty, $"the schema is {bytes} bytes, more than the limit of {limits.MaxSchemaBytes}");
        }

        JsonDocument document;
        try
        {
            // Nesting beyond MaxDepth is refused by the converter; the parser's own bound stops pathological input first.
            document = JsonDocument.Parse(schemaJson, new JsonDocumentOptions { MaxDepth = 4 * (limits.MaxDepth + 2) });
        }
        catch (JsonException e)
        {
            // The parser's message can quote the input: report only where it failed.
            throw new SchemaNotSupportedException(string.Empty, string.Empty, $"the schema is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            return SchemaConverter.Convert(document.RootElement, limits);
        }
    }

    /// <summary>Any JSON object (json_object mode): <c>{...}</c> with any keys and values, bounded whitespace.</summary>
    public static GbnfGrammar AnyJsonObject()
    {
        var rules = new GbnfRules();
        return rules.Build(rules.Use("object"));
    }

    /// <summary>Exactly one of <paramref name="choices"/>, as raw text (not JSON-quoted).</summary>
    /// <exception cref="ArgumentException">The list is empty or holds an empty string.</exception>
    public static GbnfGrammar Choice(IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0 || choices.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("choices must hold at least one string, and no empty one", nameof(choices));
        }

        return new GbnfRules().Build(string.Join(" | ", choices.Distinct(StringComparer.Ordinal).Select(GbnfRules.Literal)));
    }
}
