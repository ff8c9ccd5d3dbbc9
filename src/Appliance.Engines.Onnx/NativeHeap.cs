using System.Runtime.InteropServices;

namespace Appliance.Engines.Onnx;

/// <summary>
/// Hands freed native memory back to the operating system after a large run. Without ONNX
/// Runtime's arena (<see cref="OnnxSessionFactory"/>) a run's buffers are freed, but glibc keeps
/// the pages of the run thread's malloc arena: measured here, 256 MiniLM texts of 256 tokens left
/// the server at 444 MB (801 MB with the arena) and <c>malloc_trim</c> brought it back to 299 MB,
/// where it started. Linux with glibc only; elsewhere a no-op.
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>Batch × sequence tokens from which a run counts as large (one MiniLM run of 32 texts × 64 tokens).</summary>
    public const long LargeRunTokens = 2048;

    /// <summary>Returns free native pages to the OS (glibc <c>malloc_trim(0)</c>; a few milliseconds).</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): nothing to hand back this way.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
