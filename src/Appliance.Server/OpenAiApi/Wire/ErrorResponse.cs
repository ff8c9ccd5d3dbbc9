namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>OpenAI's error shape: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal sealed record ErrorResponse(ErrorBody Error);
