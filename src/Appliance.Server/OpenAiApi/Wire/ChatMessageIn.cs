using System.Text.Json;

namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>One chat message; <c>content</c> is a string or an array of content parts.</summary>
internal sealed class ChatMessageIn
{
    public string? Role { get; set; }

    public JsonElement? Content { get; set; }

    public JsonElement? ToolCalls { get; set; }
}
