using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Appliance.Engines.Onnx;

/// <summary>
/// Keeps ONNX Runtime's platform telemetry off. ORT 1.31 on Linux otherwise keeps a device id and
/// a queue of 1DS telemetry events (OS, CPU, memory, the executable's path) under the user's
/// <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c>, ready to upload. Two switches, both set
/// before the first ORT environment exists: the <c>ORT_DISABLE_TELEMETRY</c> variable, which the
/// native library reads (set with libc's <c>setenv</c>: .NET's own environment block is not the
/// process's on Linux), and ORT's <see cref="OrtEnv.DisableTelemetryEvents"/>. Every path into ORT
/// (<see cref="OnnxSessionFactory"/>, <see cref="OnnxSessionFactory.RuntimeVersion"/>) calls
/// <see cref="EnsureDisabled"/> first; the systemd unit sets the variable too.
/// </summary>
public static partial class OnnxRuntimeTelemetry
{
    /// <summary>The variable ONNX Runtime's native telemetry reads.</summary>
    public const string Variable = "ORT_DISABLE_TELEMETRY";

    // A process-wide fact, like ORT's own environment: done once, before the first use.
    private static readonly Lazy<bool> Disabled = new(Disable, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Turns ORT's telemetry off for this process (idempotent, thread-safe); call before anything touches ORT.</summary>
    public static void EnsureDisabled() => _ = Disabled.Value;

    private static bool Disable()
    {
        Environment.SetEnvironmentVariable(Variable, "1");
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // Before any other thread reads the environment through ORT: setenv is not safe beside a concurrent getenv.
            _ = SetEnv(Variable, "1", 1);
        }

        OrtEnv.Instance().DisableTelemetryEvents();
        return true;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
