namespace Appliance.Server.OpenAiApi;

/// <summary>
/// The OpenAI name of a field the shared validation names in the contract's terms
/// (<c>sampling.temperature</c> is <c>temperature</c>, <c>messages.items[2].content</c> is
/// <c>messages[2].content</c>, <c>model_id</c> is <c>model</c>, <c>texts[1]</c> is <c>input[1]</c>),
/// so an error's <c>param</c> and message name what the caller sent.
/// </summary>
internal static class OpenAiParams
{
    public static string Of(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field switch
        {
            "model_id" => "model",
            "priority" => OpenAiCalls.PriorityHeader,
            "client_request_id" => OpenAiCalls.ClientRequestIdHeader,
            "sampling.max_tokens" => "max_tokens",
            _ when field.StartsWith("sampling.", StringComparison.Ordinal) => field["sampling.".Length..],
            _ when field.StartsWith("messages.items", StringComparison.Ordinal) => "messages" + field["messages.items".Length..],
            _ when field.StartsWith("texts", StringComparison.Ordinal) => "input" + field["texts".Length..],
            _ => field,
        };
    }

    /// <summary>A message of the form <c>field: problem</c> with the field renamed; other messages with a leading <c>model_id:</c> renamed.</summary>
    public static string Message(string message, string? field, string? problem) =>
        field is not null && problem is not null ? $"{Of(field)}: {problem}"
        : message.StartsWith("model_id: ", StringComparison.Ordinal) ? "model: " + message["model_id: ".Length..]
        : message;
}
