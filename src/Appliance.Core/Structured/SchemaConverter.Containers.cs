using System.Collections.Frozen;
using System.Text.Json;

namespace Appliance.Core.Structured;

/// <summary>Objects, arrays and strings: the keywords that shape one value of that type.</summary>
internal sealed partial class SchemaConverter
{
    /// <summary>The <c>format</c> values enforced, each with its primitive rule.</summary>
    private static readonly FrozenDictionary<string, string> Formats = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["date"] = "date",
        ["time"] = "time",
        ["date-time"] = "date-time",
        ["uuid"] = "uuid",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// An object. With <c>properties</c>, the grammar emits only the declared properties, in declaration
    /// order, required ones always and optional ones or not: <c>additionalProperties</c> may be absent or
    /// false (absent is read as false, so a model cannot add fields no one asked for; the output still
    /// validates, as JSON Schema's default admits fewer properties than it allows). Without
    /// <c>properties</c>: any object, or, with an <c>additionalProperties</c> schema, a map of string keys
    /// to values of that schema.
    /// </summary>
    private string Object(JsonElement schema, string pointer, int depth)
    {
        var required = Required(schema, pointer);
        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var hasExtra = schema.TryGetProperty("additionalProperties", out var extra);
        if (hasProperties && properties.ValueKind != JsonValueKind.Object)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "properties", "must be an object");
        }

        if (hasProperties && hasExtra && extra.ValueKind != JsonValueKind.False)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "additionalProperties", "must be false or absent beside \"properties\" (only declared properties are emitted)");
        }

        if (!hasProperties)
        {
            return hasExtra switch
            {
                _ when required.Count > 0 => throw SchemaNotSupportedException.Invalid(pointer, "required", "needs \"properties\" declaring each required name"),
                true when extra.ValueKind == JsonValueKind.False => rules.Add(pointer + "-object", $"\"{{\" {rules.Use("ws")} \"}}\""),
                true when extra.ValueKind == JsonValueKind.Object => Map(extra, pointer, depth),
                _ => rules.Use("object"),
            };
        }

        var declared = properties.EnumerateObject().ToList();
        if (declared.Count > limits.MaxProperties)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "properties", $"has {declared.Count} properties, more than the limit of {limits.MaxProperties}");
        }

        foreach (var name in required.Where(name => !declared.Any(p => p.Name == name)))
        {
            throw SchemaNotSupportedException.Invalid(pointer, "required", $"names \"{name}\", which \"properties\" does not declare");
        }

        rules.Use("ws");
        var pairs = declared.Select(p => (
            Rule: rules.Add($"{pointer}-{p.Name}-kv", $"{JsonLiteral(p.Name)} ws \":\" ws {Visit(p.Value, Child(pointer, "properties", p.Name), depth + 1)} ws"),
            Required: required.Contains(p.Name))).ToList();
        return rules.Add(pointer + "-object", $"\"{{\" ws {First(pairs, 0, pointer)} \"}}\"");
    }

    /// <summary>
    /// Properties from <paramref name="from"/> on when none has been written yet: the first one written has
    /// no comma before it. Each later one (<see cref="After"/>) has. Linear in the number of properties.
    /// </summary>
    private string First(List<(string Rule, bool Required)> pairs, int from, string pointer)
    {
        if (from == pairs.Count)
        {
            return string.Empty;
        }

        var (rule, required) = pairs[from];
        var withIt = $"{rule} {After(pairs, from + 1, pointer)}".TrimEnd();
        if (required)
        {
            return withIt;
        }

        var without = First(pairs, from + 1, pointer);
        return rules.Add($"{pointer}-from-{from}", without.Length == 0 ? $"( {withIt} )?" : $"{withIt} | {without}");
    }

    private string After(List<(string Rule, bool Required)> pairs, int from, string pointer)
    {
        if (from == pairs.Count)
        {
            return string.Empty;
        }

        var (rule, required) = pairs[from];
        var piece = required ? $"\",\" ws {rule}" : $"( \",\" ws {rule} )?";
        var rest = After(pairs, from + 1, pointer);
        return rest.Length == 0 ? piece : rules.Add($"{pointer}-after-{from}", $"{piece} {rest}");
    }

    private string Map(JsonElement values, string pointer, int depth)
    {
        var value = Visit(values, pointer + "/additionalProperties", depth + 1);
        var pair = rules.Add(pointer + "-entry", $"{rules.Use("string")} {rules.Use("ws")} \":\" ws {value} ws");
        return rules.Add(pointer + "-map", $"\"{{\" ws ( {pair} ( \",\" ws {pair} )* )? \"}}\"");
    }

    private static HashSet<string> Required(JsonElement schema, string pointer)
    {
        if (!schema.TryGetProperty("required", out var required))
        {
            return [];
        }

        if (required.ValueKind != JsonValueKind.Array || required.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
        {
            throw SchemaNotSupportedException.Invalid(pointer, "required", "must be an array of property names");
        }

        return required.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    private string Array(JsonElement schema, string pointer, int depth)
    {
        string item;
        if (!schema.TryGetProperty("items", out var items))
        {
            item = rules.Use("value");
        }
        else if (items.ValueKind == JsonValueKind.Array)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "items", "as an array of schemas (tuples) is not supported");
        }
        else
        {
            item = Visit(items, pointer + "/items", depth + 1);
        }

        var min = Count(schema, pointer, "minItems") ?? 0;
        var max = Count(schema, pointer, "maxItems");
        if (max < min)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "maxItems", "is less than minItems");
        }

        rules.Use("ws");
        if (max == 0)
        {
            return rules.Add(pointer + "-array", "\"[\" ws \"]\"");
        }

        var rest = $"( \",\" ws {item} ws ){GbnfRules.Repeat(Math.Max(min - 1, 0), max - 1)}";
        var list = max == 1 ? $"{item} ws" : $"{item} ws {rest}";
        return rules.Add(pointer + "-array", min == 0 ? $"\"[\" ws ( {list} )? \"]\"" : $"\"[\" ws {list} \"]\"");
    }

    private string String(JsonElement schema, string pointer)
    {
        var min = Count(schema, pointer, "minLength");
        var max = Count(schema, pointer, "maxLength");
        var hasPattern = schema.TryGetProperty("pattern", out var pattern);
        var hasFormat = schema.TryGetProperty("format", out var format);
        if ((hasPattern || hasFormat) && (min is not null || max is not null))
        {
            throw SchemaNotSupportedException.Invalid(pointer, min is not null ? "minLength" : "maxLength", $"is not supported beside \"{(hasPattern ? "pattern" : "format")}\"");
        }

        if (hasPattern && hasFormat)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "format", "is not supported beside \"pattern\"");
        }

        if (hasFormat)
        {
            var rule = format.ValueKind == JsonValueKind.String ? Formats.GetValueOrDefault(format.GetString()!) : null;
            return rule is null
                ? throw SchemaNotSupportedException.Invalid(pointer, "format", "must be one of date, time, date-time, uuid")
                : rules.Add(pointer + "-" + rule, $"[\"] {rules.Use(rule)} [\"]");
        }

        if (hasPattern)
        {
            var regex = pattern.ValueKind == JsonValueKind.String ? pattern.GetString()! : throw SchemaNotSupportedException.Invalid(pointer, "pattern", "must be a string");
            return rules.Add(pointer + "-pattern", $"[\"] {new PatternTranslator(regex, pointer, rules).Translate()} [\"]");
        }

        if (max < min)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "maxLength", "is less than minLength");
        }

        return min is null && max is null
            ? rules.Use("string")
            : rules.Add(pointer + "-string", $"[\"] {rules.Use("char")}{GbnfRules.Repeat(min ?? 0, max)} [\"]");
    }

    /// <summary>A count keyword: absent, or a whole number from 0 to <see cref="SchemaLimits.MaxRepetition"/>.</summary>
    private static int? Count(JsonElement schema, string pointer, string keyword)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var count) || count != decimal.Truncate(count) || count < 0)
        {
            throw SchemaNotSupportedException.Invalid(pointer, keyword, "must be a whole number of at least 0");
        }

        return count > SchemaLimits.MaxRepetition
            ? throw SchemaNotSupportedException.Invalid(pointer, keyword, $"is {count}, more than the limit of {SchemaLimits.MaxRepetition}")
            : (int)count;
    }
}
