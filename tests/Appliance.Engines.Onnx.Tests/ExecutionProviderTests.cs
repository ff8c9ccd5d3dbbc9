using Appliance.Core.Errors;

namespace Appliance.Engines.Onnx.Tests;

/// <summary>
/// CUDA asked for where there is none (this machine and CI have no GPU): ONNX Runtime's CUDA
/// provider really fails to start, and the factory either refuses or falls back as configured.
/// </summary>
public sealed class ExecutionProviderTests : TempFolderTest
{
    private readonly string _model;

    public ExecutionProviderTests()
        : base("appliance-ep")
    {
        _model = TinyOnnxModel.Write(Folder.Path, "affine.onnx", TinyOnnxModel.Affine());
    }

    [Fact]
    public async Task Load_CudaWithoutFallback_FailsSayingWhatToDo()
    {
        var manifest = OnnxTestEngines.Tensor(_model, ExecutionProvider.Cuda) with { DeviceId = 0 };

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(
            () => OnnxTestEngines.TensorLoader().LoadAsync(manifest, CancellationToken.None).Within(Bounded.StartTimeout));

        Assert.Equal("affine", error.ModelId);
        Assert.Contains("CUDA was requested for device 0 but is unavailable", error.Message, StringComparison.Ordinal);
        Assert.Contains("cpu_fallback", error.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA 13", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_CudaWithFallback_ServesOnTheCpuAndSaysSo()
    {
        var manifest = OnnxTestEngines.Tensor(_model, ExecutionProvider.Cuda, cpuFallback: true);

        using var engine = await OnnxTestEngines.TensorLoader().LoadAsync(manifest, CancellationToken.None).Within(Bounded.StartTimeout);
        var result = engine.Run(
            [new TensorRequest([
                new NamedTensor("X", TensorElementType.Float32, [1, 3], new float[] { 0, 1, 0 }),
                new NamedTensor("N", TensorElementType.Int64, [1, 1], new long[] { 0 })], ["Y"])],
            CancellationToken.None);

        Assert.StartsWith("ONNX Runtime 1.31.0, CPU (fell back: CUDA unavailable: ", engine.Backend, StringComparison.Ordinal);
        Assert.Equal([3.5f, 3f], (float[])result[0][0].Data);
    }

    [Fact]
    public void Shorten_DropsTheErrorCodeAndLaterLines()
    {
        Assert.Equal("Failed to load shared library", OnnxErrorText.Shorten("[ErrorCode:Fail] Failed to load shared library\nstack"));
    }
}
