using System.Text.Json;

namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>
/// <c>POST /v1/chat/completions</c> as sent. Fields the appliance does not read are ignored (as
/// OpenAI does); those it cannot honour are read only to refuse them naming the field.
/// </summary>
internal sealed class ChatCompletionRequest : GenerationFields
{
    public List<ChatMessageIn>? Messages { get; set; }

    public int? MaxCompletionTokens { get; set; }

    public ResponseFormatIn? ResponseFormat { get; set; }

    public JsonElement? Tools { get; set; }

    public JsonElement? Functions { get; set; }

    public JsonElement? ToolChoice { get; set; }

    public JsonElement? FunctionCall { get; set; }

    public bool? Logprobs { get; set; }

    public int? TopLogprobs { get; set; }
}
