using Appliance.Catalog.Memory;
using Appliance.Core.Models;
using Appliance.Testing.Onnx;

namespace Appliance.Catalog.Tests.Memory;

/// <summary>ONNX estimates: the file's bytes as weights on the provider's device, plus the documented allowance; device names for config keys and labels.</summary>
public sealed class OnnxMemoryEstimateTests : TempFolderTest
{
    private const long MiB = 1L << 20;

    public OnnxMemoryEstimateTests()
        : base("onnx-memory")
    {
    }

    [Fact]
    public void Estimate_CpuProvider_FileOnTheHostPlusAllowance()
    {
        var path = TinyOnnxModel.Write(Folder.Path, "affine.onnx", TinyOnnxModel.Affine());
        var bytes = new FileInfo(path).Length;

        var estimate = ModelMemoryEstimator.Estimate(Manifest(path));

        var host = Assert.Single(estimate.Devices);
        Assert.Equal(MemoryDevice.Host, host.Device);
        Assert.Equal(bytes, host.WeightsBytes);
        Assert.Equal(0, host.KvBytes);
        Assert.Equal((64 * MiB) + (bytes / 4), host.ComputeBytes);
    }

    [Fact]
    public void Estimate_CudaProvider_WeightsOnTheManifestsGpuAndRuntimeOnTheHost()
    {
        var path = TinyOnnxModel.Write(Folder.Path, "affine.onnx", TinyOnnxModel.Affine());
        var bytes = new FileInfo(path).Length;

        var estimate = ModelMemoryEstimator.Estimate(Manifest(path) with { ExecutionProvider = ExecutionProvider.Cuda, DeviceId = 1 });

        Assert.Equal([MemoryDevice.Host, MemoryDevice.Gpu(1)], estimate.Devices.Select(d => d.Device));
        Assert.Equal(bytes, estimate.Devices[1].WeightsBytes);
        Assert.Equal((512 * MiB) + (bytes / 4), estimate.Devices[1].ComputeBytes);
        Assert.Equal(0, estimate.On(MemoryDevice.Gpu(0)));
        Assert.Contains("on gpu1 (CUDA)", estimate.Basis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host", true, null, "host", "Host")]
    [InlineData("Gpu0", true, 0, "gpu0", "Gpu0")]
    [InlineData("GPU12", true, 12, "gpu12", "Gpu12")]
    [InlineData("gpu", false, null, "host", "Host")]
    [InlineData("gpu-1", false, null, "host", "Host")]
    [InlineData("cpu", false, null, "host", "Host")]
    public void TryParse_DeviceNames(string text, bool ok, int? gpu, string name, string key)
    {
        Assert.Equal(ok, MemoryDevice.TryParse(text, out var device));
        Assert.Equal(gpu, device.GpuIndex);
        Assert.Equal(name, device.Name);
        Assert.Equal(key, device.ConfigKey);
    }

    private static ModelManifest Manifest(string path) =>
        TestManifests.TextGeneration("affine", path) with { Kind = ModelKind.Tensor, Format = ModelFormat.Onnx };
}
