namespace Appliance.Engines.Llama;

/// <summary>Process-wide llama.cpp settings (configuration section <c>Appliance:Llama</c>).</summary>
public sealed class LlamaOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Llama";

    /// <summary>
    /// Full path of a <c>libllama.so</c> that IT staged (for example a CUDA build of llama.cpp
    /// compiled for the box). Null uses the backend package that shipped with the build
    /// (<c>-p:LlamaBackend=Cpu|Cuda12</c>). The folder must also hold its ggml libraries.
    /// </summary>
    public string? NativeLibraryPath { get; set; }

    /// <summary>Prefer a CUDA native library when one ships with the build (default true).</summary>
    public bool UseCuda { get; set; } = true;

    /// <summary>Threads for decoding; null means all logical processors.</summary>
    public int? Threads { get; set; }

    /// <summary>Threads for prompt processing; null means the same as <see cref="Threads"/>.</summary>
    public int? BatchThreads { get; set; }

    /// <summary>
    /// One KV cache shared by all sequences (true) or one per sequence (false). Per-sequence
    /// streams give each sequence exactly context_length cells and let a decode step attend
    /// only to its own sequence's cells. Null keeps LLamaSharp's default.
    /// </summary>
    public bool? KvUnified { get; set; }

    /// <summary>
    /// Keep a finished sequence's KV in its slot so a later request with the same beginning
    /// (shared system prompt, task template) skips recomputing it (default true). The cells
    /// stay in the appliance's memory only until the slot is reused; false frees them at once.
    /// </summary>
    public bool PrefixCache { get; set; } = true;

    /// <summary>Forward llama.cpp's own log messages at Debug level (loading details); warnings and errors always go through.</summary>
    public bool VerboseNativeLog { get; set; }
}
