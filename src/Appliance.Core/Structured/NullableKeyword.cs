using System.Text.Json;
using System.Text.Json.Nodes;

namespace Appliance.Core.Structured;

/// <summary>
/// OpenAPI's <c>nullable</c> keyword, which the converter enforces (the value may also be null) but JSON Schema
/// 2020-12 does not know: a standard validator ignores it and then refuses the null the grammar admitted (and
/// JsonSchema.Net's default dialect refuses the unknown keyword outright). Validate the output against
/// <see cref="ToStandard"/>'s rewrite, so grammar and validator agree on what the schema means.
/// </summary>
public static class NullableKeyword
{
    private static readonly string[] NameMaps = ["properties", "$defs", "definitions"];

    /// <summary>
    /// The schema with every <c>nullable: true</c> written in standard keywords (null added to <c>type</c>, to
    /// <c>enum</c>, or as an <c>anyOf</c>/<c>oneOf</c> branch) and every <c>nullable</c> removed. Text without
    /// <c>nullable</c> comes back unchanged.
    /// </summary>
    public static string ToStandard(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        if (!schemaJson.Contains("\"nullable\"", StringComparison.Ordinal))
        {
            return schemaJson;
        }

        var root = JsonNode.Parse(schemaJson);
        Rewrite(root, isNameMap: false);
        return root?.ToJsonString() ?? schemaJson;
    }

    private static void Rewrite(JsonNode? node, bool isNameMap)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Rewrite(item, isNameMap: false);
                }

                break;
            case JsonObject schema:
                foreach (var (key, value) in schema.ToList())
                {
                    Rewrite(value, isNameMap: !isNameMap && NameMaps.Contains(key));
                }

                if (!isNameMap && schema["nullable"] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    schema.Remove("nullable");
                    if (flag.GetValueKind() == JsonValueKind.True)
                    {
                        AddNull(schema);
                    }
                }

                break;
        }
    }

    private static void AddNull(JsonObject schema)
    {
        if (schema["enum"] is JsonArray values)
        {
            values.Add(null);
        }
        else if ((schema["anyOf"] ?? schema["oneOf"]) is JsonArray branches)
        {
            branches.Add(new JsonObject { ["type"] = "null" });
        }
        else if (schema["type"] is JsonValue single)
        {
            schema["type"] = new JsonArray(single.GetValue<string>(), "null");
        }
        else if (schema["type"] is JsonArray types && !types.Any(t => t?.GetValue<string>() == "null"))
        {
            types.Add("null");
        }
    }
}
