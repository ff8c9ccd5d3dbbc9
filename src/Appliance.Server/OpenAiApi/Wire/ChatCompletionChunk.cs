namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>One server-sent event of a streamed chat completion (<c>object: chat.completion.chunk</c>).</summary>
internal sealed record ChatCompletionChunk(string Id, long Created, string Model, IReadOnlyList<ChunkChoice> Choices)
{
    public string Object { get; init; } = "chat.completion.chunk";

    /// <summary>Only on the last chunk with <c>stream_options.include_usage</c> (its choices are empty).</summary>
    public Usage? Usage { get; init; }
}
