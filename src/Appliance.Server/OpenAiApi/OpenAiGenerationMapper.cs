using System.Text;
using System.Text.Json;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Server.Calls;
using Appliance.Server.OpenAiApi.Wire;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// OpenAI request → the same <see cref="GenerationRequest"/> the gRPC door builds: chat messages go
/// through the model's chat template in the scheduler, <c>response_format</c> becomes the
/// structured-output <see cref="ResponseFormat"/>. What the appliance cannot honour (n &gt; 1, tools,
/// logprobs, images, penalties) is refused naming the field; ranges are the shared validator's.
/// </summary>
internal static class OpenAiGenerationMapper
{
    public static GenerationRequest Chat(ChatCompletionRequest request, CallContext call)
    {
        ArgumentNullException.ThrowIfNull(request);
        Refuse(request.Tools is { ValueKind: not JsonValueKind.Null } tools && !(tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() == 0), "tools", "tools and function calling are not supported");
        Refuse(request.Functions is { ValueKind: not JsonValueKind.Null }, "functions", "function calling is not supported");
        Refuse(request.ToolChoice is { ValueKind: not JsonValueKind.Null } choice && !(choice.ValueKind == JsonValueKind.String && choice.GetString() == "none"), "tool_choice", "tools are not supported (only \"none\")");
        Refuse(request.FunctionCall is { ValueKind: not JsonValueKind.Null }, "function_call", "function calling is not supported");
        Refuse(request.Logprobs == true, "logprobs", "log probabilities are not supported");
        Refuse(request.TopLogprobs is > 0, "top_logprobs", "log probabilities are not supported");
        Refuse(request.Messages is not { Count: > 0 }, "messages", "is required: 1 or more messages");
        var messages = request.Messages!.Select((m, i) => Message(m, i)).ToList();
        return Common(request, call, request.MaxCompletionTokens ?? request.MaxTokens) with
        {
            Messages = messages,
            ResponseFormat = Format(request.ResponseFormat),
        };
    }

    public static GenerationRequest Completion(CompletionRequest request, CallContext call)
    {
        ArgumentNullException.ThrowIfNull(request);
        Refuse(request.Echo == true, "echo", "echo is not supported");
        Refuse(!string.IsNullOrEmpty(request.Suffix), "suffix", "suffix (insertion) is not supported");
        Refuse(request.BestOf is > 1, "best_of", "only 1 is supported");
        Refuse(request.Logprobs is not null, "logprobs", "log probabilities are not supported");
        return Common(request, call, request.MaxTokens) with { Prompt = Prompt(request.Prompt) };
    }

    private static GenerationRequest Common(GenerationFields request, CallContext call, int? maxTokens)
    {
        Refuse(request.N is { } n && n != 1, "n", "only 1 is supported (one choice per request)");
        Refuse(request.PresencePenalty is { } presence && presence != 0, "presence_penalty", "only 0 is supported");
        Refuse(request.FrequencyPenalty is { } frequency && frequency != 0, "frequency_penalty", "only 0 is supported");
        Refuse(request.LogitBias is { ValueKind: JsonValueKind.Object } bias && bias.EnumerateObject().Any(), "logit_bias", "is not supported");
        Refuse(request.Seed is < 0 or > uint.MaxValue, "seed", $"must be 0..{uint.MaxValue}");
        var defaults = new SamplingParameters();
        return new GenerationRequest
        {
            RequestId = call.RequestId,
            ModelId = request.Model ?? string.Empty,
            Sampling = defaults with
            {
                Temperature = request.Temperature ?? defaults.Temperature,
                TopP = request.TopP ?? defaults.TopP,
                Seed = request.Seed is { } seed ? (uint)seed : defaults.Seed,
                MaxTokens = maxTokens,
                Stop = Strings(request.Stop, "stop"),
            },
            Priority = call.Priority,
            ClientId = call.ClientId,
            ClientRequestId = call.ClientRequestId,
        };
    }

    /// <summary>One message; <c>developer</c> is the system role of newer OpenAI models; content parts must be text.</summary>
    private static ChatMessage Message(ChatMessageIn message, int index)
    {
        Refuse(message.ToolCalls is { ValueKind: not JsonValueKind.Null }, $"messages[{index}].tool_calls", "tools are not supported");
        var role = message.Role == "developer" ? "system" : message.Role ?? string.Empty;
        Refuse(role is "tool" or "function", $"messages[{index}].role", "must be system, developer, user or assistant (tools are not supported)");
        return new ChatMessage(role, Content(message.Content, index));
    }

    private static string Content(JsonElement? content, int index)
    {
        switch (content)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return string.Empty; // the shared validator refuses an empty content naming the message
            case { ValueKind: JsonValueKind.String } text:
                return text.GetString()!;
            case { ValueKind: JsonValueKind.Array } parts:
                var joined = new StringBuilder();
                var i = 0;
                foreach (var part in parts.EnumerateArray())
                {
                    var field = $"messages[{index}].content[{i++}]";
                    Refuse(part.ValueKind != JsonValueKind.Object, field, "must be a content part object");
                    Refuse(!part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "text", field + ".type", "only text parts are supported (images, audio and files are not)");
                    Refuse(!part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String, field + ".text", "must be a string");
                    joined.Append(part.GetProperty("text").GetString());
                }

                return joined.ToString();
            default:
                throw new InvalidRequestException($"messages[{index}].content", "must be a string or an array of text parts");
        }
    }

    private static string Prompt(JsonElement? prompt)
    {
        var prompts = Strings(prompt, "prompt");
        Refuse(prompt is { ValueKind: JsonValueKind.Array } && prompts.Count != 1, "prompt", "must be a string or an array of exactly one string (one choice per request)");
        return prompts.Count == 0 ? string.Empty : prompts[0];
    }

    /// <summary>A string or an array of strings (<c>stop</c>, <c>prompt</c>); null is none.</summary>
    public static IReadOnlyList<string> Strings(JsonElement? value, string field) => value switch
    {
        null or { ValueKind: JsonValueKind.Null } => [],
        { ValueKind: JsonValueKind.String } one => [one.GetString()!],
        { ValueKind: JsonValueKind.Array } many when many.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => [.. many.EnumerateArray().Select(e => e.GetString()!)],
        _ => throw new InvalidRequestException(field, "must be a string or an array of strings"),
    };

    private static ResponseFormat? Format(ResponseFormatIn? format) => format?.Type switch
    {
        null or "text" => null,
        "json_object" => new ResponseFormat { Mode = ResponseFormatMode.JsonObject },
        "json_schema" when format.JsonSchema?.Schema is { ValueKind: JsonValueKind.Object } schema => new ResponseFormat
        {
            Mode = ResponseFormatMode.JsonSchema,
            Text = schema.GetRawText(),
            Name = format.JsonSchema.Name,
        },
        "json_schema" => throw new InvalidRequestException("response_format.json_schema.schema", "must be a JSON Schema object"),
        _ => throw new InvalidRequestException("response_format.type", "must be text, json_object or json_schema"),
    };

    private static void Refuse(bool condition, string field, string problem)
    {
        if (condition)
        {
            throw new InvalidRequestException(field, problem);
        }
    }
}
