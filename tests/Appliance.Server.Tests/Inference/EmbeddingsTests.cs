using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Server.Tests.GrpcApi;
using Appliance.Server.Tests.Metrics;
using Grpc.Core;

namespace Appliance.Server.Tests.Inference;

/// <summary>Embed over gRPC with real weights: all-MiniLM-L6-v2 on ONNX Runtime, and a GGUF model on llama.cpp.</summary>
[Collection(InferenceServerCollection.Name)]
public sealed class EmbeddingsTests
{
    private readonly InferenceServerFixture _fixture;
    private readonly Embeddings.EmbeddingsClient _client;

    public EmbeddingsTests(InferenceServerFixture fixture)
    {
        _fixture = fixture;
        _client = new Embeddings.EmbeddingsClient(fixture.Server.Channel);
    }

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

    private async Task<float[][]> EmbedAsync(string model, params string[] texts)
    {
        var request = new EmbedRequest { ModelId = model };
        request.Texts.AddRange(texts);
        var response = await _client.EmbedAsync(request, deadline: Deadline);
        return [.. response.Embeddings.Select(e => e.Values.ToArray())];
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    [Fact]
    public async Task Embed_MiniLm_ModelDimensionUnitNormAndUsage()
    {
        var request = new EmbedRequest { ModelId = InferenceServerFixture.MiniLm, ClientRequestId = "search-42" };
        request.Texts.AddRange(["Patient presents with chest pain.", "Discharge summary"]);

        var response = await _client.EmbedAsync(request, deadline: Deadline);

        Assert.Equal(384, response.Dimension);
        Assert.Equal(2, response.Embeddings.Count);
        Assert.All(response.Embeddings, e => Assert.Equal(384, e.Values.Count));
        Assert.All(response.Embeddings, e => Assert.InRange(Math.Sqrt(e.Values.Sum(v => (double)v * v)), 1 - 1e-5, 1 + 1e-5));
        Assert.True(response.Usage.PromptTokens > 8);
        Assert.Equal(0, response.Usage.TruncatedTexts);
        Assert.Equal("search-42", response.ClientRequestId);
        Assert.StartsWith("req_", response.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_NormalizeFalse_ReturnsTheRawPooledVector()
    {
        var request = new EmbedRequest { ModelId = InferenceServerFixture.MiniLm, Normalize = false };
        request.Texts.Add("fever and cough");

        var raw = (await _client.EmbedAsync(request, deadline: Deadline)).Embeddings[0].Values;

        Assert.NotInRange(Math.Sqrt(raw.Sum(v => (double)v * v)), 0.999, 1.001);
    }

    [Fact]
    public async Task Embed_ClinicalSynonyms_CloserThanUnrelatedPhrase()
    {
        var v = await EmbedAsync(InferenceServerFixture.MiniLm, "myocardial infarction", "heart attack", "fractured femur");

        var synonyms = Cosine(v[0], v[1]);
        var unrelated = Cosine(v[0], v[2]);

        Assert.True(synonyms > unrelated + 0.2, $"cos(MI, heart attack) = {synonyms:F3}, cos(MI, fractured femur) = {unrelated:F3}");
    }

    [Fact]
    public async Task Embed_32ConcurrentCalls_EachGetsItsOwnVector_EqualToItsVectorAlone_AndTheyWereBatched()
    {
        var texts = Enumerable.Range(0, 32).Select(i => $"Patient {i} reports {new string('x', i % 5 + 1)} pain in the {(i % 2 == 0 ? "left" : "right")} knee for {i} days").ToArray();
        var alone = new List<float[]>();
        foreach (var text in texts)
        {
            alone.Add((await EmbedAsync(InferenceServerFixture.MiniLm, text))[0]);
        }

        var before = Scrape.Parse(await _fixture.Server.ScrapeAsync());
        var together = await Task.WhenAll(texts.Select(t => EmbedAsync(InferenceServerFixture.MiniLm, t)));
        var after = Scrape.Parse(await _fixture.Server.ScrapeAsync());

        for (var i = 0; i < texts.Length; i++)
        {
            var diff = alone[i].Zip(together[i][0], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(diff < 1e-5, $"text {i}: max difference {diff}");
        }

        // Dynamic batching happened: fewer engine runs than calls.
        (string, string) model = ("model", InferenceServerFixture.MiniLm);
        var runs = after.Sum("appliance_batch_size_count", model) - before.Sum("appliance_batch_size_count", model);
        var inputs = after.Sum("appliance_batch_size_sum", model) - before.Sum("appliance_batch_size_sum", model);
        Assert.Equal(32, inputs);
        Assert.True(runs < 32, $"{runs} runs for 32 concurrent calls");
    }

    [Fact]
    public async Task Embed_ChineseText_RunsWithoutError()
    {
        var v = await EmbedAsync(InferenceServerFixture.MiniLm, "患者主诉胸痛三天，伴有气短。");

        Assert.Equal(384, v[0].Length);
        Assert.All(v[0], x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public async Task Embed_TooLongWithoutTruncate_InvalidArgumentNamingTheText_WithTruncateCutAndCounted()
    {
        var longText = string.Join(' ', Enumerable.Repeat("hypertension", 400));
        var refused = new EmbedRequest { ModelId = InferenceServerFixture.MiniLm, Truncate = false };
        refused.Texts.AddRange(["short", longText]);
        var cut = new EmbedRequest { ModelId = InferenceServerFixture.MiniLm };
        cut.Texts.AddRange(["short", longText]);

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.EmbedAsync(refused, deadline: Deadline).ResponseAsync);
        var response = await _client.EmbedAsync(cut, deadline: Deadline);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("texts[1]:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("texts[1]", RichErrors.AssertFieldViolation(error).Field);
        Assert.Contains("256", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("hypertension", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, response.Usage.TruncatedTexts);
    }

    [Theory]
    [InlineData("", "model_id")]
    [InlineData(InferenceServerFixture.TextModel, "model_id")]
    [InlineData(InferenceServerFixture.MiniLm, "texts")]
    public async Task Embed_BadRequest_InvalidArgumentNamingTheField(string model, string field)
    {
        var request = new EmbedRequest { ModelId = model };
        if (field != "texts")
        {
            request.Texts.Add("text");
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.EmbedAsync(request, deadline: Deadline).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(field, RichErrors.AssertFieldViolation(error).Field);
        Assert.Single(await EmbedAsync(InferenceServerFixture.MiniLm, "still serving"));
    }

    [Fact]
    public async Task Embed_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => EmbedAsync("no-such-model", "text"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no-such-model", RichErrors.AssertReason(error, ErrorReasons.ModelNotFound).Metadata["model_id"]);
    }

    [Fact]
    public async Task Embed_GgufEmbeddingModel_HiddenSizeVectorsBatchedLikeAlone()
    {
        var alone = (await EmbedAsync(InferenceServerFixture.GgufEmbedding, "chest pain"))[0];
        var batch = await EmbedAsync(InferenceServerFixture.GgufEmbedding, "fever", "chest pain", "患者主诉胸痛");

        Assert.Equal(64, alone.Length);
        Assert.InRange(Math.Sqrt(alone.Sum(v => (double)v * v)), 1 - 1e-5, 1 + 1e-5);
        Assert.True(alone.Zip(batch[1], (a, b) => Math.Abs(a - b)).Max() < 1e-5);
        Assert.NotEqual(batch[0], batch[1]);
    }

    [Fact]
    public async Task ListModels_ShowsTheEmbeddingModelsReady()
    {
        var models = (await new Contracts.V1.Models.ModelsClient(_fixture.Server.Channel).ListModelsAsync(new ListModelsRequest(), deadline: Deadline)).Models;

        var minilm = Assert.Single(models, m => m.Id == InferenceServerFixture.MiniLm);
        Assert.Equal(ModelKind.Embedding, minilm.Kind);
        Assert.Equal(ModelState.Ready, minilm.State);
        Assert.Contains("ONNX Runtime", minilm.Backend, StringComparison.Ordinal);
        Assert.Equal("Apache-2.0", minilm.License);
    }
}
