using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Appliance.Core.Structured;

/// <summary>
/// Walks one JSON Schema document and writes the GBNF that only admits JSON valid against it. Every
/// keyword is either enforced, an annotation that does not constrain (title, description...), or refused
/// with its JSON pointer: a schema is never half enforced. Single use: one instance per conversion.
/// </summary>
internal sealed partial class SchemaConverter
{
    private static readonly FrozenSet<string> Annotations = FrozenSet.Create(
        StringComparer.Ordinal, "title", "description", "$comment", "examples", "default", "readOnly", "writeOnly", "deprecated", "$schema", "$defs", "definitions");

    private static readonly FrozenSet<string> Constraints = FrozenSet.Create(
        StringComparer.Ordinal,
        "type", "nullable", "enum", "const", "$ref", "anyOf", "oneOf",
        "properties", "required", "additionalProperties",
        "items", "minItems", "maxItems",
        "minLength", "maxLength", "pattern", "format");

    private static readonly FrozenSet<string> Types = FrozenSet.Create(StringComparer.Ordinal, "object", "array", "string", "number", "integer", "boolean", "null");

    private static readonly JsonSerializerOptions LiteralJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonElement document;
    private readonly SchemaLimits limits;
    private readonly GbnfRules rules = new();
    private readonly Dictionary<string, string> refRules = new(StringComparer.Ordinal);

    private SchemaConverter(JsonElement document, SchemaLimits limits)
    {
        this.document = document;
        this.limits = limits;
    }

    /// <summary>Converts a parsed schema document; throws <see cref="SchemaNotSupportedException"/>.</summary>
    public static GbnfGrammar Convert(JsonElement document, SchemaLimits limits)
    {
        var converter = new SchemaConverter(document, limits);
        var root = converter.Visit(document, string.Empty, 0);
        return converter.rules.Build(root);
    }

    /// <summary>A GBNF expression (a rule name or an inline alternation) for the schema at <paramref name="pointer"/>.</summary>
    private string Visit(JsonElement schema, string pointer, int depth)
    {
        if (depth > limits.MaxDepth)
        {
            throw new SchemaNotSupportedException(pointer, string.Empty, $"schemas nest deeper than the limit of {limits.MaxDepth}");
        }

        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return rules.Use("value");
            case JsonValueKind.False:
                throw new SchemaNotSupportedException(pointer, string.Empty, "the schema false admits no value");
            case JsonValueKind.Object:
                break;
            default:
                throw new SchemaNotSupportedException(pointer, string.Empty, "a schema must be an object or a boolean");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Constraints.Contains(keyword.Name))
            {
                throw SchemaNotSupportedException.Unsupported(pointer, keyword.Name);
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            OnlyBeside(schema, pointer, "$ref");
            return Reference(reference, pointer, depth);
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            OnlyBeside(schema, pointer, "anyOf", "nullable");
            return WithNull(schema, pointer, Alternatives(anyOf, pointer, "anyOf", depth));
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            // Enforced as anyOf: the grammar cannot exclude "more than one branch"; the server's validator can.
            OnlyBeside(schema, pointer, "oneOf", "nullable");
            return WithNull(schema, pointer, Alternatives(oneOf, pointer, "oneOf", depth));
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return rules.Add(pointer + "-const", JsonLiteral(constant));
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return WithNull(schema, pointer, Enum(values, pointer));
        }

        var branches = TypesOf(schema, pointer).Select(type => type switch
        {
            "object" => Object(schema, pointer, depth),
            "array" => Array(schema, pointer, depth),
            "string" => String(schema, pointer),
            _ => rules.Use(type),
        });
        return rules.Add(pointer.Length == 0 ? "schema" : pointer, string.Join(" | ", branches.Distinct(StringComparer.Ordinal)));
    }

    /// <summary>The schema's types in order: <c>type</c> (a name or a list), else inferred from its keywords, plus null where <c>nullable</c>.</summary>
    private static List<string> TypesOf(JsonElement schema, string pointer)
    {
        var types = new List<string>();
        if (schema.TryGetProperty("type", out var type))
        {
            var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().ToList() : [type];
            foreach (var name in names)
            {
                if (name.ValueKind != JsonValueKind.String || !Types.Contains(name.GetString()!))
                {
                    throw SchemaNotSupportedException.Invalid(pointer, "type", "must name object, array, string, number, integer, boolean or null");
                }

                types.Add(name.GetString()!);
            }

            if (types.Count == 0)
            {
                throw SchemaNotSupportedException.Invalid(pointer, "type", "must name at least one type");
            }
        }
        else
        {
            types.Add(Has(schema, "properties", "additionalProperties", "required") ? "object"
                : Has(schema, "items", "minItems", "maxItems") ? "array"
                : Has(schema, "minLength", "maxLength", "pattern", "format") ? "string"
                : "value");
        }

        if (IsNullable(schema, pointer) && !types.Contains("null"))
        {
            types.Add("null");
        }

        return types;
    }

    /// <summary>The expression, or a rule admitting it or null: a rule, so the alternation never leaks into the caller's sequence.</summary>
    private string WithNull(JsonElement schema, string pointer, string expression) =>
        IsNullable(schema, pointer) ? rules.Add(pointer + "-nullable", $"{expression} | {rules.Use("null")}") : expression;

    private static bool IsNullable(JsonElement schema, string pointer)
    {
        if (!schema.TryGetProperty("nullable", out var nullable))
        {
            return false;
        }

        return nullable.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw SchemaNotSupportedException.Invalid(pointer, "nullable", "must be true or false"),
        };
    }

    private string Reference(JsonElement reference, string pointer, int depth)
    {
        var target = reference.ValueKind == JsonValueKind.String ? reference.GetString()! : string.Empty;
        if (!target.StartsWith('#'))
        {
            throw SchemaNotSupportedException.Invalid(pointer, "$ref", "must point within this document (\"#/$defs/...\")");
        }

        var targetPointer = target[1..];
        if (refRules.TryGetValue(targetPointer, out var known))
        {
            return known;
        }

        var resolved = Resolve(targetPointer) ?? throw SchemaNotSupportedException.Invalid(pointer, "$ref", $"\"{target}\" does not resolve within this document");

        // Reserved before the visit, so a recursive definition refers to its own rule.
        var name = rules.Reserve(targetPointer.Length == 0 ? "schema-root" : targetPointer);
        refRules[targetPointer] = name;
        rules.Define(name, Visit(resolved, targetPointer, depth + 1));
        return name;
    }

    private JsonElement? Resolve(string pointer)
    {
        var current = document;
        foreach (var token in pointer.Split('/').Skip(1))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(name, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return pointer.Length == 0 || pointer.StartsWith('/') ? current : null;
    }

    private string Alternatives(JsonElement branches, string pointer, string keyword, int depth)
    {
        if (branches.ValueKind != JsonValueKind.Array || branches.GetArrayLength() == 0)
        {
            throw SchemaNotSupportedException.Invalid(pointer, keyword, "must be a non-empty array of schemas");
        }

        var names = branches.EnumerateArray().Select((branch, i) => Visit(branch, $"{pointer}/{keyword}/{i}", depth + 1));
        return rules.Add($"{pointer}-{keyword}", string.Join(" | ", names));
    }

    private string Enum(JsonElement values, string pointer)
    {
        if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "enum", "must be a non-empty array");
        }

        if (values.GetArrayLength() > limits.MaxEnumValues)
        {
            throw SchemaNotSupportedException.Invalid(pointer, "enum", $"has {values.GetArrayLength()} values, more than the limit of {limits.MaxEnumValues}");
        }

        var literals = values.EnumerateArray().Select(JsonLiteral).Distinct(StringComparer.Ordinal);
        return rules.Add(pointer + "-enum", string.Join(" | ", literals));
    }

    /// <summary>The GBNF literal of a JSON value in its compact form (non-ASCII text kept as UTF-8, not \u-escaped).</summary>
    private static string JsonLiteral(JsonElement value) => GbnfRules.Literal(JsonSerializer.Serialize(value, LiteralJson));

    /// <summary>The GBNF literal of a string as JSON text, quotes included (a property name).</summary>
    private static string JsonLiteral(string text) => GbnfRules.Literal(JsonSerializer.Serialize(text, LiteralJson));

    /// <summary>Refuses every constraint keyword beside <paramref name="keyword"/> except those in <paramref name="allowed"/>.</summary>
    private static void OnlyBeside(JsonElement schema, string pointer, string keyword, params string[] allowed)
    {
        foreach (var other in schema.EnumerateObject())
        {
            if (other.Name != keyword && Constraints.Contains(other.Name) && !allowed.Contains(other.Name))
            {
                throw SchemaNotSupportedException.Invalid(pointer, other.Name, $"is not supported beside \"{keyword}\"");
            }
        }
    }

    private static bool Has(JsonElement schema, params string[] keywords) => keywords.Any(k => schema.TryGetProperty(k, out _));

    private static string Child(string pointer, string keyword, string name) =>
        $"{pointer}/{keyword}/{name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
}
