using Appliance.Server.GrpcApi;

namespace Appliance.Server.Tests.GrpcApi;

public sealed class BackendTextTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("ONNX Runtime 1.31.0, CPU", "ONNX Runtime 1.31.0, CPU")]
    [InlineData("llama.cpp CPU (avx512), GPU offload not available, /opt/appliance/server/runtimes/linux-x64/native/avx512/libllama.so",
        "llama.cpp CPU (avx512), GPU offload not available, libllama.so")]
    [InlineData("ONNX Runtime 1.31.0, CPU (fell back: CUDA unavailable: libcublas.so.13: cannot open shared object file)",
        "ONNX Runtime 1.31.0, CPU (fell back: CUDA unavailable: libcublas.so.13: cannot open shared object file)")]
    [InlineData("CPU (fell back: [ONNXRuntimeError] : 1 : FAIL : /onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:129 failed)",
        "CPU (fell back: [ONNXRuntimeError] : 1 : FAIL : cuda_call.cc:129 failed)")]
    [InlineData(@"custom library, C:\appliance\llama.dll", "custom library, llama.dll")]
    [InlineData("CUDA 12/13 (device 0)", "CUDA 12/13 (device 0)")]
    public void ForCallers_CutsAbsolutePathsToTheFileName(string? backend, string expected)
    {
        Assert.Equal(expected, BackendText.ForCallers(backend));
    }
}
