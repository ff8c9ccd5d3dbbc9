namespace Appliance.Engines.Onnx.Tests;

/// <summary>What every session is created with, whatever its manifest says.</summary>
public sealed class SessionOptionsTests
{
    [Theory]
    [InlineData(ExecutionProvider.Cpu)]
    [InlineData(ExecutionProvider.Cuda)]
    public void CreateOptions_AnyManifest_NoCpuArenaSoALargeBatchsBuffersAreFreedAfterItsRun(ExecutionProvider provider)
    {
        using var options = OnnxSessionFactory.CreateOptions(OnnxTestEngines.Tensor("model.onnx", provider));

        Assert.False(options.EnableCpuMemArena);
    }
}
