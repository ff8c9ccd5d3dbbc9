using System.Text.Json;
using Appliance.Core.Configuration;
using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// Reads the <c>reasoning</c> object of a reasoning model's manifest:
/// <c>{"start": "&lt;think&gt;", "end": "&lt;/think&gt;", "max_tokens": 1024}</c>. Every problem is
/// reported under its dotted key (<c>reasoning.end</c>); unknown keys get a did-you-mean.
/// </summary>
internal static class ManifestReasoningReader
{
    private const string Start = ManifestKeys.ReasoningStart;
    private const string End = ManifestKeys.ReasoningEnd;
    private const string MaxTokens = ManifestKeys.ReasoningMaxTokens;
    private const int MaxTokensMax = ManifestLimits.ContextLengthMax;
    private static readonly string[] Keys = [Start, End, MaxTokens];

    /// <summary>The markers, or null when the value is null (not set) or in error (reported).</summary>
    public static ReasoningMarkers? Read(JsonProperty property, ManifestValueReader reader)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            reader.Add(property.Name, $"must be an object such as {{\"start\": \"<think>\", \"end\": \"</think>\"}} (got {ManifestValueReader.Describe(value)})");
            return null;
        }

        string? start = null, end = null;
        int? maxTokens = null;
        var ok = true;
        foreach (var inner in value.EnumerateObject())
        {
            var key = $"{property.Name}.{inner.Name}";
            switch (inner.Name)
            {
                case Start: start = Marker(inner.Value, key, reader); ok &= start is not null; break;
                case End: end = Marker(inner.Value, key, reader); ok &= end is not null; break;
                case MaxTokens: maxTokens = Budget(inner.Value, key, reader); ok &= maxTokens is not null; break;
                default:
                    var suggestion = KeySuggester.Suggest(inner.Name, Keys);
                    reader.Add(key, suggestion is null ? "unknown key (allowed: start, end, max_tokens)" : $"unknown key (did you mean \"{suggestion}\"?)");
                    ok = false;
                    break;
            }
        }

        ok &= Required(start, $"{property.Name}.{Start}", reader) & Required(end, $"{property.Name}.{End}", reader);
        if (ok && start == end)
        {
            reader.Add($"{property.Name}.{End}", $"must differ from \"{Start}\" (both are {ManifestValueReader.Shorten(start!)})");
            ok = false;
        }

        return ok ? new ReasoningMarkers(start!, end!, maxTokens ?? ReasoningMarkers.DefaultMaxTokens) : null;
    }

    /// <summary>Writes the markers in the form <see cref="Read"/> reads.</summary>
    public static void Write(Utf8JsonWriter writer, string key, ReasoningMarkers markers)
    {
        writer.WriteStartObject(key);
        writer.WriteString(Start, markers.Start);
        writer.WriteString(End, markers.End);
        writer.WriteNumber(MaxTokens, markers.MaxTokens);
        writer.WriteEndObject();
    }

    private static bool Required(string? value, string key, ManifestValueReader reader)
    {
        if (value is null && !reader.HasErrorFor(key))
        {
            reader.Add(key, "is required");
        }

        return value is not null;
    }

    private static string? Marker(JsonElement value, string key, ManifestValueReader reader)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            reader.Add(key, $"must be a string (got {ManifestValueReader.Describe(value)})");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length is 0 or > ReasoningMarkers.MaxMarkerLength || text.Trim().Length != text.Length)
        {
            reader.Add(key, $"must be 1 to {ReasoningMarkers.MaxMarkerLength} characters without leading or trailing whitespace (got {ManifestValueReader.Shorten(value.GetRawText())})");
            return null;
        }

        return text;
    }

    private static int? Budget(JsonElement value, string key, ManifestValueReader reader)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var budget) || budget < 1 || budget > MaxTokensMax)
        {
            reader.Add(key, $"must be an integer between 1 and {MaxTokensMax} (got {ManifestValueReader.Describe(value)})");
            return null;
        }

        return budget;
    }
}
