using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// Reads typed values out of one manifest's JSON properties and collects every problem
/// (type, range, allowed values) as a <see cref="ManifestError"/> instead of stopping at the first.
/// </summary>
internal sealed class ManifestValueReader(string file)
{
    private const int MaxShownValueLength = 48;

    private readonly List<ManifestError> _errors = [];

    public IReadOnlyList<ManifestError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public bool HasErrorFor(string key) => _errors.Exists(e => e.Key == key);

    public void Add(string key, string problem) => _errors.Add(new ManifestError(file, key, problem));

    /// <summary>A string value; null (and no error) for an optional null or blank value.</summary>
    public string? String(JsonProperty property, bool required)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Null && !required)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(property.Name, $"must be a string (got {Describe(value)})");
            return null;
        }

        var text = value.GetString()!;
        if (!required && string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text;
    }

    /// <summary>An integer within [min, max]; null (and no error) for an optional null.</summary>
    public int? Integer(JsonProperty property, int min, int max, string? rangeText = null)
    {
        if (!IsNumber(property, "an integer"))
        {
            return null;
        }

        var value = property.Value;
        var raw = value.GetRawText();
        var range = rangeText ?? string.Create(CultureInfo.InvariantCulture, $"between {min} and {max}");
        if (!value.TryGetInt64(out var number))
        {
            // Digits only but no long fits: an integer, just far out of range.
            var integral = raw.AsSpan().IndexOfAny(".eE") < 0;
            Add(property.Name, integral ? $"must be {range} (got {Shorten(raw)})" : $"must be an integer (got number {Shorten(raw)})");
            return null;
        }

        if (number < min || number > max)
        {
            Add(property.Name, $"must be {range} (got {raw})");
            return null;
        }

        return (int)number;
    }

    /// <summary>A number (fractions allowed) within [min, max]; null (and no error) for an optional null.</summary>
    public decimal? Number(JsonProperty property, decimal min, decimal max)
    {
        if (!IsNumber(property, "a number"))
        {
            return null;
        }

        var value = property.Value;
        var raw = value.GetRawText();
        if (!value.TryGetDecimal(out var number) || number < min || number > max)
        {
            Add(property.Name, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max} (got {Shorten(raw)})"));
            return null;
        }

        return number;
    }

    /// <summary><c>true</c> or <c>false</c>; null (and no error) for an optional null.</summary>
    public bool? Boolean(JsonProperty property)
    {
        switch (property.Value.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default:
                Add(property.Name, $"must be true or false (got {Describe(property.Value)})");
                return null;
        }
    }

    /// <summary>
    /// One of the allowed names (case-sensitive). An optional choice may be null (not set);
    /// an empty string is never a choice, so it is reported rather than taken as "not set".
    /// </summary>
    public T? Choice<T>(JsonProperty property, FrozenDictionary<string, T> allowed, bool required = true)
        where T : struct
    {
        if (!required && property.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = String(property, required: true);
        if (text is null)
        {
            return null;
        }

        if (allowed.TryGetValue(text, out var choice))
        {
            return choice;
        }

        var names = string.Join(", ", allowed.Keys.Order(StringComparer.Ordinal).Select(k => $"\"{k}\""));
        Add(property.Name, $"must be one of {names} (got {Shorten(property.Value.GetRawText())})");
        return null;
    }

    /// <summary>
    /// A file path made absolute against <paramref name="baseDirectory"/> (the manifest's folder).
    /// A required path must be a non-empty string; an optional one may be null or blank (not set).
    /// </summary>
    public string? Path(JsonProperty property, bool required, string baseDirectory)
    {
        var path = String(property, required);
        if (path is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            Add(property.Name, "must not be empty");
            return null;
        }

        try
        {
            return System.IO.Path.GetFullPath(path, baseDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            Add(property.Name, $"is not a valid path ({ex.Message})");
            return null;
        }
    }

    /// <summary>A sha256 as 64 hex characters (either case), returned in lower case.</summary>
    public string? Sha256(JsonProperty property, bool required)
    {
        var sha = String(property, required);
        if (sha is null)
        {
            return null;
        }

        if (!ManifestLimits.IsValidSha256(sha))
        {
            var got = Shorten(property.Value.GetRawText());
            Add(property.Name, $"must be 64 hexadecimal characters (got {sha.Length} characters: {got})");
            return null;
        }

        return sha.ToLowerInvariant();
    }

    /// <summary>The JSON type and, for scalars, the value, for "got ..." in messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string " + Shorten(value.GetRawText()),
        JsonValueKind.Number => "number " + Shorten(value.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "nothing",
    };

    /// <summary>Keeps messages one short line even when a value is a whole chat template.</summary>
    public static string Shorten(string text) =>
        text.Length <= MaxShownValueLength ? text : string.Concat(text.AsSpan(0, MaxShownValueLength), "…");

    /// <summary>
    /// True when the value is a JSON number; false for null (no error: an optional value not set) and
    /// for any other type, which is reported as not being <paramref name="expected"/>.
    /// </summary>
    private bool IsNumber(JsonProperty property, string expected)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Number)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Null)
        {
            Add(property.Name, $"must be {expected} (got {Describe(value)})");
        }

        return false;
    }
}
