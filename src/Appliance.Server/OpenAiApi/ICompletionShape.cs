using Appliance.Server.OpenAiApi.Wire;

namespace Appliance.Server.OpenAiApi;

/// <summary>How one endpoint's answer looks (chat completion or text completion), whole or streamed; serialized JSON.</summary>
internal interface ICompletionShape
{
    byte[] Whole(CompletionIds ids, string text, string finishReason, Usage usage);

    /// <summary>The first event of a stream, before any token (chat: the assistant role); null when none.</summary>
    byte[]? Opening(CompletionIds ids);

    byte[] Piece(CompletionIds ids, string text);

    byte[] Finish(CompletionIds ids, string finishReason);

    /// <summary>The usage event of <c>stream_options.include_usage</c> (no choices).</summary>
    byte[] Usage(CompletionIds ids, Usage usage);
}
