using Appliance.Core.Errors;
using Appliance.Core.Models;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Appliance.Engines.Onnx;

/// <summary>
/// Creates one ONNX Runtime session per model with the manifest's execution provider, thread count
/// and graph optimisation level. CUDA that cannot start either fails the model with a reason that
/// says what to install, or (with <c>cpu_fallback</c>) serves on the CPU and says so in the backend.
/// </summary>
public sealed class OnnxSessionFactory
{
    private readonly ILogger<OnnxSessionFactory> _logger;

    /// <summary>Creates the factory.</summary>
    public OnnxSessionFactory(ILogger<OnnxSessionFactory> logger)
    {
        OnnxRuntimeTelemetry.EnsureDisabled();
        _logger = logger;
    }

    /// <summary>The ONNX Runtime native library's version, for example "1.31.0".</summary>
    public static string RuntimeVersion
    {
        get
        {
            OnnxRuntimeTelemetry.EnsureDisabled();
            return OrtEnv.Instance().GetVersionString();
        }
    }

    /// <summary>Creates the session; slow (reads and optimises the graph), so loaders call it off the caller's thread.</summary>
    /// <exception cref="ModelUnavailableException">CUDA asked for and unavailable without fallback, or the file cannot be loaded.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while loading.</exception>
    internal OnnxSession Create(ModelManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        cancellationToken.ThrowIfCancellationRequested();
        var runtime = $"ONNX Runtime {RuntimeVersion}";
        if (manifest.ExecutionProvider == ExecutionProvider.Cpu)
        {
            return Created(manifest, LoadOnCpu(manifest, cancellationToken), $"{runtime}, CPU");
        }

        var failure = TryLoadOnCuda(manifest, out var session, cancellationToken);
        if (session is not null)
        {
            return Created(manifest, session, $"{runtime}, CUDA device {manifest.DeviceId}");
        }

        var reason = failure ?? "unknown reason";
        if (!manifest.CpuFallback)
        {
            OnnxLog.CudaUnavailable(_logger, manifest.Id, manifest.DeviceId, reason);
            throw new ModelUnavailableException(manifest.Id,
                $"CUDA was requested for device {manifest.DeviceId} but is unavailable: {reason}. " +
                $"Install {CudaRuntimeProbe.Requirements} where the service can load them and check that device " +
                $"{manifest.DeviceId} exists (nvidia-smi), or set \"cpu_fallback\": true in the manifest to serve on the CPU.");
        }

        OnnxLog.CudaFallback(_logger, manifest.Id, manifest.DeviceId, reason);
        return Created(manifest, LoadOnCpu(manifest, cancellationToken), $"{runtime}, CPU (fell back: CUDA unavailable: {reason})");
    }

    /// <summary>
    /// Creates the session off the caller's thread (reading and optimising the graph takes seconds for a
    /// large model) and hands it to <paramref name="createEngine"/>, whose engine owns it from then on.
    /// Disposes the session when the load is cancelled or <paramref name="createEngine"/> throws.
    /// </summary>
    internal async Task<TEngine> CreateEngineAsync<TEngine>(
        ModelManifest manifest, Func<OnnxSession, TEngine> createEngine, CancellationToken cancellationToken)
    {
        var session = await Task.Run(() => Create(manifest, cancellationToken), cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return createEngine(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Null and the session when CUDA works; else a short reason and no session.</summary>
    private static string? TryLoadOnCuda(ModelManifest manifest, out InferenceSession? session, CancellationToken cancellationToken)
    {
        session = null;
        using var options = CreateOptions(manifest);
        try
        {
            options.AppendExecutionProvider_CUDA(manifest.DeviceId);
        }
        catch (OnnxRuntimeException ex)
        {
            // The provider library, or a CUDA library it needs, cannot be loaded.
            return CudaRuntimeProbe.Explain(ex);
        }

        try
        {
            session = Load(manifest, options, cancellationToken);
            return null;
        }
        catch (OnnxRuntimeException ex)
        {
            // The provider loaded but could not start on the device (no such GPU, driver too old, ...).
            return CudaRuntimeProbe.Explain(ex);
        }
    }

    private static InferenceSession LoadOnCpu(ModelManifest manifest, CancellationToken cancellationToken)
    {
        using var options = CreateOptions(manifest);
        try
        {
            return Load(manifest, options, cancellationToken);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelUnavailableException(manifest.Id,
                $"ONNX Runtime cannot load '{manifest.FilePath}': {OnnxErrorText.Shorten(ex.Message)}");
        }
    }

    /// <summary>Creates the session; cancellation aborts ONNX Runtime's loading.</summary>
    private static InferenceSession Load(ModelManifest manifest, SessionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var registration = cancellationToken.Register(static state => ((SessionOptions)state!).SetLoadCancellationFlag(true), options);
        try
        {
            return new InferenceSession(manifest.FilePath, options);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    internal static SessionOptions CreateOptions(ModelManifest manifest)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = manifest.GraphOptimization switch
            {
                GraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            LogId = manifest.Id,
            // No CPU arena: the arena keeps its peak for the life of the session, so one large batch
            // (32 texts of 256 tokens) would hold hundreds of MB of RSS forever; without it each run's
            // buffers are freed when the run ends (issue 13, item 4).
            EnableCpuMemArena = false,
        };
        if (manifest.IntraOpThreads is { } threads)
        {
            options.IntraOpNumThreads = threads;
        }

        return options;
    }

    private OnnxSession Created(ModelManifest manifest, InferenceSession session, string backend)
    {
        OnnxLog.SessionCreated(_logger, manifest.Id, backend);
        return new OnnxSession(session, backend);
    }
}
