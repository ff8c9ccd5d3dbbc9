using System.Runtime.InteropServices;
using System.Text;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Appliance.Engines.Llama;

/// <summary>
/// Owns llama.cpp's process-wide native state: which library is loaded (configured once,
/// before the first native call) and where its log messages go. One per process.
/// </summary>
public sealed partial class LlamaNativeRuntime
{
    private readonly Lock _gate = new();
    private readonly LlamaOptions _options;
    private readonly ILogger<LlamaNativeRuntime> _logger;
    private readonly StringBuilder _pending = new();
    private string? _backend;
    private string? _loadedPath;

    /// <summary>Creates the runtime; nothing native happens until <see cref="EnsureLoaded"/>.</summary>
    public LlamaNativeRuntime(LlamaOptions options, ILogger<LlamaNativeRuntime> logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// The libllama file loaded (LLamaSharp's "Successfully loaded" line, else the configured
    /// NativeLibraryPath); null before <see cref="EnsureLoaded"/> or when neither is known.
    /// </summary>
    public string? LibraryPath => _loadedPath ?? _options.NativeLibraryPath;

    /// <summary>Loads the native library if not yet loaded and returns a description of the backend.</summary>
    public string EnsureLoaded()
    {
        lock (_gate)
        {
            if (_backend is not null)
            {
                return _backend;
            }

            Configure();
            // The first native call runs NativeApi's static constructor, which picks and loads the library.
            NativeApi.llama_empty_call();
            _backend = Describe();
            // The library's path is for IT (the log); callers see its file name only (ModelInfo.backend).
            LogBackendLoaded(_logger, _backend, _loadedPath ?? _options.NativeLibraryPath ?? "unknown path");
            var systemInfo = (Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info()) ?? string.Empty).Trim();
            LogSystemInfo(_logger, systemInfo);
            return _backend;
        }
    }

    private void Configure()
    {
        var config = NativeLibraryConfig.All;
        if (NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            // Another component (a test) loaded it first: we can only describe what is there.
            return;
        }

        if (!string.IsNullOrWhiteSpace(_options.NativeLibraryPath))
        {
            if (!File.Exists(_options.NativeLibraryPath))
            {
                throw new FileNotFoundException(
                    $"Appliance:Llama:NativeLibraryPath: no file at '{_options.NativeLibraryPath}'", _options.NativeLibraryPath);
            }

            // A library of another llama.cpp commit aborts the process at its first model load: refuse it first.
            if (LlamaLibraryCheck.Problem(_options.NativeLibraryPath) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }

            var mtmd = Path.Combine(Path.GetDirectoryName(_options.NativeLibraryPath)!, "libmtmd.so");
            config.WithLibrary(_options.NativeLibraryPath, File.Exists(mtmd) ? mtmd : null);
        }

        config.WithCuda(_options.UseCuda).WithAutoFallback(true).WithLogCallback(OnNativeLog);
    }

    private string Describe()
    {
        var library = NativeApi.GetLoadedNativeLibrary(NativeLibraryName.LLama);
        var gpu = NativeApi.llama_supports_gpu_offload();
        var kind = library?.Metadata switch
        {
            { UseCuda: true } => "CUDA",
            { UseVulkan: true } => "Vulkan",
            { } m => $"CPU ({m.AvxLevel.ToString().ToLowerInvariant()})",
            null => "custom library",
        };
        var path = _loadedPath ?? _options.NativeLibraryPath;
        var file = string.IsNullOrEmpty(path) ? "unknown library" : Path.GetFileName(path);
        return $"llama.cpp {kind}, GPU offload {(gpu ? "available" : "not available")}, {file}";
    }

    private void OnNativeLog(LLamaLogLevel level, string message)
    {
        // llama.cpp sends messages in fragments; emit whole lines only.
        string? line;
        lock (_pending)
        {
            _pending.Append(message);
            if (!message.EndsWith('\n'))
            {
                return;
            }

            line = _pending.ToString().TrimEnd();
            _pending.Clear();
        }

        const string Loaded = "Successfully loaded '";
        if (line.StartsWith(Loaded, StringComparison.Ordinal))
        {
            _loadedPath = line[Loaded.Length..].TrimEnd('\'');
        }

        switch (Classify(level, line))
        {
            case LLamaLogLevel.Error:
                LogNativeError(_logger, line);
                break;
            case LLamaLogLevel.Warning:
                LogNativeWarning(_logger, line);
                break;
            default:
                if (_options.VerboseNativeLog || line.StartsWith(Loaded, StringComparison.Ordinal))
                {
                    LogNativeDebug(_logger, line);
                }

                break;
        }
    }

    /// <summary>
    /// The level a native line is logged at: llama.cpp's own, except its
    /// "n_ctx_seq (N) > n_ctx_train (M) -- possible training context overflow" warning, which
    /// goes to Debug. With one KV cache shared by all sequences (the default) llama.cpp's
    /// n_ctx_seq is the whole cache, context_length x max_sequences, so every model serving
    /// several sequences drew it at every start although no sequence may hold more than
    /// context_length tokens. The loader warns instead, naming the manifest key, when
    /// context_length itself exceeds the trained context.
    /// </summary>
    internal static LLamaLogLevel Classify(LLamaLogLevel level, string line) =>
        level == LLamaLogLevel.Warning && line.Contains("n_ctx_seq", StringComparison.Ordinal) && line.Contains("> n_ctx_train", StringComparison.Ordinal)
            ? LLamaLogLevel.Debug
            : level;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "llama.cpp native backend loaded: {Backend} from {LibraryPath}")]
    private static partial void LogBackendLoaded(ILogger logger, string backend, string libraryPath);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "llama.cpp system info: {SystemInfo}")]
    private static partial void LogSystemInfo(ILogger logger, string systemInfo);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "llama.cpp: {Line}")]
    private static partial void LogNativeError(ILogger logger, string line);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "llama.cpp: {Line}")]
    private static partial void LogNativeWarning(ILogger logger, string line);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "llama.cpp: {Line}")]
    private static partial void LogNativeDebug(ILogger logger, string line);
}
