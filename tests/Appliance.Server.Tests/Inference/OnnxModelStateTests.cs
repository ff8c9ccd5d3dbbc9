using Appliance.Contracts.V1;
using Grpc.Core;

namespace Appliance.Server.Tests.Inference;

/// <summary>What IT sees when an ONNX model asks for CUDA on a box without it, and that no text reaches the logs.</summary>
[Collection(InferenceServerCollection.Name)]
public sealed class OnnxModelStateTests
{
    private const string Marker = "PHI-MARKER 李四 MRN 7730021";

    private readonly InferenceServerFixture _fixture;

    public OnnxModelStateTests(InferenceServerFixture fixture)
    {
        _fixture = fixture;
    }

    private Task<ModelInfo> ModelAsync(string id, ModelState until)
    {
        var client = new Contracts.V1.Models.ModelsClient(_fixture.Server.Channel);
        return Bounded.ObjectAsync(
            async token =>
            {
                var model = (await client.GetModelAsync(new GetModelRequest { ModelId = id }, cancellationToken: token)).Model;
                return model.State == until ? model : null;
            },
            $"{id} to be {until}",
            Bounded.StartTimeout,
            TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task CudaWithoutFallback_NoGpu_ModelFailedSayingCudaAndHowToFix_CallsUnavailable()
    {
        var model = await ModelAsync(InferenceServerFixture.CudaModel, ModelState.Failed);
        var request = new InferRequest { ModelId = InferenceServerFixture.CudaModel };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.Inference.InferenceClient(_fixture.Server.Channel).InferAsync(request, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.Contains("CUDA was requested for device 0", model.FailureReason, StringComparison.Ordinal);
        Assert.Contains("cpu_fallback", model.FailureReason, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task CudaWithFallback_NoGpu_ServesOnCpuAndSaysItFellBack()
    {
        var model = await ModelAsync(InferenceServerFixture.CudaFallbackModel, ModelState.Ready);

        Assert.Contains("CPU (fell back", model.Backend, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAndInfer_PatientText_NeverInTheLogs()
    {
        var embeddings = new Embeddings.EmbeddingsClient(_fixture.Server.Channel);
        var ok = new EmbedRequest { ModelId = InferenceServerFixture.MiniLm };
        ok.Texts.Add(Marker);
        var refused = new EmbedRequest { ModelId = InferenceServerFixture.MiniLm, Truncate = false };
        refused.Texts.Add(string.Join(' ', Enumerable.Repeat(Marker, 100)));
        var badTensor = new InferRequest { ModelId = InferenceServerFixture.Tensor };
        badTensor.Inputs.Add(new InferTensor { Name = Marker, Datatype = "FP32" });

        await embeddings.EmbedAsync(ok, deadline: DateTime.UtcNow.AddSeconds(30));
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => embeddings.EmbedAsync(refused, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        var badName = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.Inference.InferenceClient(_fixture.Server.Channel).InferAsync(badTensor, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.DoesNotContain("MRN 7730021", tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("inputs[0].name:", badName.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN 7730021", badName.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_fixture.Logs, line => line.Contains("MRN 7730021", StringComparison.Ordinal));
    }
}
