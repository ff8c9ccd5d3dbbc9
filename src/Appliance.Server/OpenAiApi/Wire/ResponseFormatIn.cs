namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>response_format</c>: <c>text</c>, <c>json_object</c> or <c>json_schema</c>.</summary>
internal sealed class ResponseFormatIn
{
    public string? Type { get; set; }

    public JsonSchemaIn? JsonSchema { get; set; }
}
