namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>One input's vector.</summary>
internal sealed record EmbeddingItem<TEmbedding>(int Index, TEmbedding Embedding)
{
    public string Object { get; init; } = "embedding";
}
