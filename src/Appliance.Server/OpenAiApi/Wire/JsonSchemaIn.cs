using System.Text.Json;

namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>response_format.json_schema</c>.</summary>
internal sealed class JsonSchemaIn
{
    public string? Name { get; set; }

    public JsonElement? Schema { get; set; }

    public bool? Strict { get; set; }
}
