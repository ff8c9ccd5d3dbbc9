using System.Runtime.InteropServices;

namespace Appliance.Engines.Onnx;

/// <summary>
/// Explains why ONNX Runtime's CUDA provider cannot start. ONNX Runtime itself only says "Failed to
/// load shared library"; the library it missed is what hospital IT needs to know.
/// </summary>
internal static class CudaRuntimeProbe
{
    /// <summary>
    /// What the CUDA provider of Microsoft.ML.OnnxRuntime.Gpu 1.31.0 (linux-x64) loads: its ELF
    /// dependencies name the CUDA 13 libraries (not CUDA 12), and it needs cuDNN 9 for convolutions.
    /// </summary>
    private static readonly (string Library, string Provides)[] LinuxLibraries =
    [
        ("libcuda.so.1", "the NVIDIA driver"),
        ("libcudart.so.13", "the CUDA 13 runtime"),
        ("libcublas.so.13", "cuBLAS of CUDA 13"),
        ("libcublasLt.so.13", "cuBLASLt of CUDA 13"),
        ("libcurand.so.10", "cuRAND of CUDA 13"),
        ("libcudnn.so.9", "cuDNN 9"),
    ];

    /// <summary>What to install on the box, for error messages.</summary>
    public const string Requirements = "the NVIDIA driver, the CUDA 13 runtime libraries (cudart, cuBLAS, cuRAND) and cuDNN 9";

    /// <summary>A short reason: the first library the dynamic loader cannot find, else ONNX Runtime's own message.</summary>
    public static string Explain(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (OperatingSystem.IsLinux())
        {
            foreach (var (library, provides) in LinuxLibraries)
            {
                if (!NativeLibrary.TryLoad(library, out var handle))
                {
                    return $"{library} ({provides}) not found";
                }

                NativeLibrary.Free(handle);
            }
        }

        return OnnxErrorText.Shorten(failure.Message);
    }
}
