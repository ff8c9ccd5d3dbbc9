using System.Text.Json;
using Appliance.Server.OpenAiApi.Wire;

namespace Appliance.Server.OpenAiApi;

/// <summary><c>chat.completion</c> and <c>chat.completion.chunk</c>.</summary>
internal sealed class ChatShape : ICompletionShape
{
    public static ChatShape Instance { get; } = new();

    public byte[] Whole(CompletionIds ids, string text, string finishReason, Usage usage) =>
        JsonSerializer.SerializeToUtf8Bytes(new ChatCompletion(ids.Id, ids.Created, ids.Model, [new ChatChoice(0, new ChatMessageOut("assistant", text), finishReason)], usage), OpenAiJson.Default.ChatCompletion);

    public byte[]? Opening(CompletionIds ids) => Chunk(ids, new ChatMessageOut("assistant", ""), null);

    public byte[] Piece(CompletionIds ids, string text) => Chunk(ids, new ChatMessageOut(null, text), null);

    public byte[] Finish(CompletionIds ids, string finishReason) => Chunk(ids, new ChatMessageOut(null, null), finishReason);

    public byte[] Usage(CompletionIds ids, Usage usage) =>
        JsonSerializer.SerializeToUtf8Bytes(new ChatCompletionChunk(ids.Id, ids.Created, ids.Model, []) { Usage = usage }, OpenAiJson.Default.ChatCompletionChunk);

    private static byte[] Chunk(CompletionIds ids, ChatMessageOut delta, string? finishReason) =>
        JsonSerializer.SerializeToUtf8Bytes(new ChatCompletionChunk(ids.Id, ids.Created, ids.Model, [new ChunkChoice(0, delta, finishReason)]), OpenAiJson.Default.ChatCompletionChunk);
}
