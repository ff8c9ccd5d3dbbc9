using System.Text.Json;

namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>POST /v1/embeddings</c>; <c>input</c> is a string or an array of strings.</summary>
internal sealed class EmbeddingRequest
{
    public string? Model { get; set; }

    public JsonElement? Input { get; set; }

    public string? EncodingFormat { get; set; }

    public int? Dimensions { get; set; }
}
