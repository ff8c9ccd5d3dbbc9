using Appliance.Contracts.V1;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>ModelInfo's engine fields for a loaded GGUF text model (the synthetic model: ChatML template, &lt;s&gt;/&lt;/s&gt;).</summary>
[Collection(ServerCollection.Name)]
public sealed class ModelInfoTests(ServerFixture server)
{
    private readonly Contracts.V1.Models.ModelsClient _models = new(server.Channel);

    private static DateTime Deadline() => DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit);

    [Fact]
    public async Task GetModel_ReadyTextModel_DescribesTemplateTokensAndLimits()
    {
        var info = (await _models.GetModelAsync(new GetModelRequest { ModelId = ServerFixture.ModelId }, deadline: Deadline())).Model;

        Assert.Equal(ServerFixture.ModelId, info.Id);
        Assert.True(info.HasHasChatTemplate);
        Assert.True(info.HasChatTemplate);
        Assert.Equal(256, info.DefaultMaxTokens);
        Assert.Equal(ServerFixture.ContextLength - 1, info.MaxInputTokens);
        Assert.False(info.HasEmbeddingDimension);
        Assert.Empty(info.Languages); // no manifest declares languages yet
        var bos = Assert.Single(info.SpecialTokens, t => t.Kind == "bos");
        Assert.Equal((1, "<s>", false), (bos.Id, bos.Text, bos.EndsGeneration));
        var eos = Assert.Single(info.SpecialTokens, t => t.Kind == "eos");
        Assert.Equal((2, "</s>", true), (eos.Id, eos.Text, eos.EndsGeneration));
    }

    [Fact]
    public async Task ListModels_Backend_NamesTheLibraryWithoutItsPath()
    {
        var list = await _models.ListModelsAsync(new ListModelsRequest(), deadline: Deadline());

        var ready = list.Models.Where(m => m.State == ModelState.Ready).ToList();
        Assert.NotEmpty(ready);
        Assert.All(ready, m =>
        {
            // "llama.cpp CPU (avx512), GPU offload not available, libllama.so" ("unknown library" when
            // another server in this test process loaded the native library first).
            Assert.StartsWith("llama.cpp ", m.Backend, StringComparison.Ordinal);
            Assert.DoesNotContain('/', m.Backend);
            Assert.DoesNotContain('\\', m.Backend);
        });
    }

    [Fact]
    public async Task GetModel_FailedModel_HasNoEngineFields()
    {
        var info = (await _models.GetModelAsync(new GetModelRequest { ModelId = ServerFixture.BadShaModelId }, deadline: Deadline())).Model;

        Assert.Equal(ModelState.Failed, info.State);
        Assert.False(info.HasHasChatTemplate);
        Assert.False(info.HasMaxInputTokens);
        Assert.Empty(info.SpecialTokens);
        Assert.Equal(256, info.DefaultMaxTokens); // from the manifest's kind, known before loading
    }
}
