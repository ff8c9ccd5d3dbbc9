namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>The embeddings of a request; <typeparamref name="TEmbedding"/> is a float array or a base64 string.</summary>
internal sealed record EmbeddingList<TEmbedding>(IReadOnlyList<EmbeddingItem<TEmbedding>> Data, string Model, Usage Usage)
{
    public string Object { get; init; } = "list";
}
