using System.Text.Json;
using Appliance.Core.Generation;
using Appliance.Core.Structured;
using Json.Schema;

namespace Appliance.Server.StructuredOutput;

/// <summary>
/// The server's own check of a complete structured answer, so the guarantee does not rest on the
/// grammar alone: a json_schema answer is validated against the caller's original schema with
/// JsonSchema.Net 8.0.5 (MIT; 9 and newer charge companies a fee), a json_object answer must parse
/// as one JSON object, a choice answer must equal one choice. A GBNF grammar cannot be checked in
/// general: its answer is valid when decoding ended where the grammar allows the end.
/// </summary>
internal static class StructuredAnswerCheck
{
    public static bool IsValid(ResponseFormat format, string output)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(output);
        return format.Mode switch
        {
            ResponseFormatMode.JsonSchema => MatchesSchema(format.Text, output),
            ResponseFormatMode.JsonObject => IsJsonObject(output),
            ResponseFormatMode.Choice => format.Choices.Contains(output, StringComparer.Ordinal),
            _ => true,
        };
    }

    private static bool MatchesSchema(string schemaJson, string output)
    {
        try
        {
            // Draft 2020-12 with OpenAPI's nullable rewritten in standard keywords, as the converter reads it
            // (the default dialect refuses the unknown keyword); formats (date, date-time, time) checked.
            var schema = JsonSchema.FromText(NullableKeyword.ToStandard(schemaJson), new BuildOptions { Dialect = Dialect.Draft202012 });
            using var answer = JsonDocument.Parse(output);

            // Fresh options per call: nothing of one caller's schema carries over to the next.
            var options = new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
            return schema.Evaluate(answer.RootElement, options).IsValid;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJsonObject(string output)
    {
        try
        {
            using var answer = JsonDocument.Parse(output);
            return answer.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
