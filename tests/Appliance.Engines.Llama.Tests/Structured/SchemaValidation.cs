using System.Text.Json;
using Appliance.Core.Structured;
using Json.Schema;

namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>Validates generated JSON against its schema with JsonSchema.Net 8.0.5 (formats validated too), as the server does after decoding.</summary>
internal static class SchemaValidation
{
    // JSON Schema 2020-12, the dialect integrators write; OpenAPI's "nullable" rewritten to it (NullableKeyword).
    private static readonly BuildOptions Dialect202012 = new() { Dialect = Dialect.Draft202012 };
    private static readonly EvaluationOptions Validation = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    public static void AssertValid(string name, string schema, string output)
    {
        using var document = JsonDocument.Parse(output);
        var result = JsonSchema.FromText(NullableKeyword.ToStandard(schema), Dialect202012).Evaluate(document.RootElement, Validation);
        Assert.True(
            result.IsValid,
            $"{name}: output does not validate: {output}\n{string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")))}");
    }
}
