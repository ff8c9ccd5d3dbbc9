using System.Text.Json;
using Appliance.Server.OpenAiApi.Wire;

namespace Appliance.Server.OpenAiApi;

/// <summary><c>text_completion</c>, whole or streamed (the same object per chunk, as OpenAI streams it).</summary>
internal sealed class TextShape : ICompletionShape
{
    public static TextShape Instance { get; } = new();

    public byte[] Whole(CompletionIds ids, string text, string finishReason, Usage usage) => Serialize(new TextCompletion(ids.Id, ids.Created, ids.Model, [new TextChoice(0, text, finishReason)]) { Usage = usage });

    public byte[]? Opening(CompletionIds ids) => null;

    public byte[] Piece(CompletionIds ids, string text) => Serialize(new TextCompletion(ids.Id, ids.Created, ids.Model, [new TextChoice(0, text, null)]));

    public byte[] Finish(CompletionIds ids, string finishReason) => Serialize(new TextCompletion(ids.Id, ids.Created, ids.Model, [new TextChoice(0, "", finishReason)]));

    public byte[] Usage(CompletionIds ids, Usage usage) => Serialize(new TextCompletion(ids.Id, ids.Created, ids.Model, []) { Usage = usage });

    private static byte[] Serialize(TextCompletion completion) => JsonSerializer.SerializeToUtf8Bytes(completion, OpenAiJson.Default.TextCompletion);
}
