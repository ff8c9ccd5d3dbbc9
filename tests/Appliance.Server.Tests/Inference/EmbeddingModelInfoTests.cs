using Appliance.Contracts.V1;

namespace Appliance.Server.Tests.Inference;

/// <summary>ModelInfo's engine fields for embedding models (ONNX MiniLM and a GGUF embedding model): what Embed will answer.</summary>
[Collection(InferenceServerCollection.Name)]
public sealed class EmbeddingModelInfoTests(InferenceServerFixture fixture)
{
    [Theory]
    [InlineData(InferenceServerFixture.MiniLm)]
    [InlineData(InferenceServerFixture.GgufEmbedding)]
    public async Task GetModel_EmbeddingModel_DimensionAndInputLimitAsEmbedAnswers(string modelId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var info = (await new Contracts.V1.Models.ModelsClient(fixture.Server.Channel)
            .GetModelAsync(new GetModelRequest { ModelId = modelId }, deadline: deadline)).Model;
        var request = new EmbedRequest { ModelId = modelId, Truncate = false };
        request.Texts.Add(string.Join(' ', Enumerable.Repeat("fever", 2000)));
        var tooLong = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            new Embeddings.EmbeddingsClient(fixture.Server.Channel).EmbedAsync(request, deadline: deadline).ResponseAsync);
        request.Texts[0] = "fever";
        var embedded = await new Embeddings.EmbeddingsClient(fixture.Server.Channel).EmbedAsync(request, deadline: deadline);

        Assert.Equal(ModelKind.Embedding, info.Kind);
        Assert.Equal(embedded.Dimension, info.EmbeddingDimension);
        Assert.Contains($"the model takes at most {info.MaxInputTokens}", tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.False(info.HasDefaultMaxTokens);
        Assert.False(info.HasHasChatTemplate);
        Assert.Empty(info.SpecialTokens);
    }
}
