using System.Text.Json;
using Appliance.Core.Grounding;

namespace Appliance.Tasks.Runs;

/// <summary>
/// What the grounding checker reads of a task run: the sources are the inputs (name = field) and the
/// outputs are the string leaves of the JSON answer (name = RFC 6901 JSON pointer, e.g.
/// <c>/medications/0/dose</c>). Numbers and booleans of the answer are structure, not claims in words.
/// </summary>
public static class AnswerTexts
{
    /// <summary>The inputs as named sources, in the order given, blank ones left out.</summary>
    public static IReadOnlyList<GroundingText> Sources(IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Where(i => !string.IsNullOrWhiteSpace(i.Value)).Select(i => new GroundingText(i.Key, i.Value)).ToList();
    }

    /// <summary>Every non-blank string of the JSON answer, in document order, named by its pointer.</summary>
    public static IReadOnlyList<GroundingText> Outputs(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var texts = new List<GroundingText>();
        Collect(document.RootElement, "", texts);
        return texts;
    }

    private static void Collect(JsonElement element, string pointer, List<GroundingText> texts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, $"{pointer}/{Escape(property.Name)}", texts);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, $"{pointer}/{index++}", texts);
                }

                break;
            case JsonValueKind.String when !string.IsNullOrWhiteSpace(element.GetString()):
                texts.Add(new GroundingText(pointer, element.GetString()!));
                break;
        }
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
