using System.Text.Json;
using Appliance.Core.Grounding;

namespace Appliance.Tasks.Runs;

/// <summary>
/// What the grounding checker reads of a task run: the sources are the inputs (name = field) and the
/// outputs are the string leaves of the JSON answer (name = RFC 6901 JSON pointer, e.g.
/// <c>/medications/0/dose</c>). Numbers and booleans of the answer are structure, not claims in words;
/// so are strings the schema fixes (<c>enum</c>, <c>const</c>: the template's own vocabulary, such as a
/// flag's kind), found by following <c>properties</c> and <c>items</c> of the output schema.
/// </summary>
public static class AnswerTexts
{
    /// <summary>The inputs as named sources, in the order given, blank ones left out.</summary>
    public static IReadOnlyList<GroundingText> Sources(IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Where(i => !string.IsNullOrWhiteSpace(i.Value)).Select(i => new GroundingText(i.Key, i.Value)).ToList();
    }

    /// <summary>Every non-blank string of the JSON answer that <paramref name="schemaJson"/> does not fix, in document order, named by its pointer.</summary>
    public static IReadOnlyList<GroundingText> Outputs(string json, string? schemaJson = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        using var schema = schemaJson is null ? null : JsonDocument.Parse(schemaJson);
        var texts = new List<GroundingText>();
        Collect(document.RootElement, schema?.RootElement, "", texts);
        return texts;
    }

    private static void Collect(JsonElement element, JsonElement? schema, string pointer, List<GroundingText> texts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, Child(schema, "properties", property.Name), $"{pointer}/{Escape(property.Name)}", texts);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, Child(schema, "items", null), $"{pointer}/{index++}", texts);
                }

                break;
            case JsonValueKind.String when !string.IsNullOrWhiteSpace(element.GetString()) && !Fixed(schema):
                texts.Add(new GroundingText(pointer, element.GetString()!));
                break;
        }
    }

    private static JsonElement? Child(JsonElement? schema, string keyword, string? name)
    {
        if (schema is not { ValueKind: JsonValueKind.Object } node || !node.TryGetProperty(keyword, out var child))
        {
            return null;
        }

        return name is null ? child : child.ValueKind == JsonValueKind.Object && child.TryGetProperty(name, out var property) ? property : null;
    }

    private static bool Fixed(JsonElement? schema) =>
        schema is { ValueKind: JsonValueKind.Object } node && (node.TryGetProperty("enum", out _) || node.TryGetProperty("const", out _));

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
