using System.Text;
using Appliance.Core.Errors;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// Bounds checked before any expensive work (rendering, tokenising, embedding), from sizes alone:
/// counting UTF-8 bytes reads each string once and allocates nothing, while tokenising a few MiB
/// costs seconds of CPU that no deadline interrupts. Each refusal names the field and the limit.
/// </summary>
internal static class InputBounds
{
    private static readonly Encoding Utf8 = Encoding.UTF8;

    /// <summary>
    /// A prompt, or a chat's messages together, longer than the context can hold: more than
    /// <paramref name="contextLength"/> × <see cref="SchedulerOptions.MaxPromptBytesPerToken"/> bytes.
    /// </summary>
    public static void CheckPrompt(GenerationRequest request, int contextLength, SchedulerOptions options)
    {
        var limit = (long)contextLength * options.MaxPromptBytesPerToken;
        if (request.Prompt is { } prompt)
        {
            var bytes = Utf8.GetByteCount(prompt);
            if (bytes > limit)
            {
                throw new InvalidRequestException("prompt", $"is {bytes} bytes; {Holds(contextLength, limit)}");
            }

            return;
        }

        long total = 0;
        foreach (var message in request.Messages)
        {
            total += Utf8.GetByteCount(message.Role) + Utf8.GetByteCount(message.Content);
            if (total > limit)
            {
                throw new InvalidRequestException("messages", $"are more than {limit} bytes together; {Holds(contextLength, limit)}");
            }
        }
    }

    /// <summary>
    /// An Embed call's texts: at most <see cref="SchedulerOptions.MaxEmbedInputBytes"/> together, and,
    /// when not truncated, each no longer than the model's input can hold.
    /// </summary>
    public static void CheckTexts(IReadOnlyList<string> texts, bool truncate, int maxInputTokens, SchedulerOptions options)
    {
        var perText = (long)maxInputTokens * options.MaxPromptBytesPerToken;
        long total = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var bytes = Utf8.GetByteCount(texts[i]);
            if (!truncate && bytes > perText)
            {
                throw new InvalidRequestException(
                    $"texts[{i}]", $"is {bytes} bytes; the model takes at most {maxInputTokens} tokens, at most {perText} bytes (set truncate to cut it)");
            }

            total += bytes;
            if (total > options.MaxEmbedInputBytes)
            {
                throw new InvalidRequestException(
                    "texts", $"are more than {options.MaxEmbedInputBytes} bytes together; at most {options.MaxEmbedInputBytes} bytes per call: split the call");
            }
        }
    }

    private static string Holds(int contextLength, long limit) =>
        $"the model's context of {contextLength} tokens holds at most {limit} bytes of prompt";
}
