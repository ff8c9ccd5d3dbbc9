using System.Text;

namespace Appliance.Server.Metrics.Gpu;

/// <summary>
/// GPU readings from NVML. Initialises NVML on the first scrape; where the library is missing
/// (no NVIDIA driver: CI, a CPU box) or initialisation fails, it reports
/// <see cref="GpuReading.Unavailable"/> from then on and logs once, without an error.
/// </summary>
internal sealed partial class NvmlGpuMonitor : IGpuMonitor, IDisposable
{
    private readonly ILogger<NvmlGpuMonitor> _logger;
    private readonly Lock _lock = new();
    private State _state = State.NotInitialised;

    public NvmlGpuMonitor(ILogger<NvmlGpuMonitor> logger)
    {
        _logger = logger;
    }

    private enum State
    {
        NotInitialised,
        Ready,
        Absent,
        Disposed,
    }

    public GpuReading Read()
    {
        lock (_lock)
        {
            if (_state == State.NotInitialised)
            {
                Initialise();
            }

            if (_state != State.Ready)
            {
                return GpuReading.Unavailable;
            }

            try
            {
                return ReadDevices();
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return GpuReading.Unavailable;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_state == State.Ready)
            {
                _ = NvmlNative.Shutdown();
            }

            _state = State.Disposed;
        }
    }

    private void Initialise()
    {
        try
        {
            var result = NvmlNative.Init();
            if (result == NvmlNative.Success)
            {
                _state = State.Ready;
                LogNvmlReady(_logger);
                return;
            }

            _state = State.Absent;
            LogNvmlInitFailed(_logger, result);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            _state = State.Absent;
            LogNvmlAbsent(_logger);
        }
    }

    private static GpuReading ReadDevices()
    {
        if (NvmlNative.DeviceGetCount(out var count) != NvmlNative.Success)
        {
            return GpuReading.Unavailable;
        }

        var devices = new List<GpuDevice>((int)count);
        for (var i = 0u; i < count; i++)
        {
            if (NvmlNative.DeviceGetHandleByIndex(i, out var device) != NvmlNative.Success
                || NvmlNative.DeviceGetMemoryInfo(device, out var memory) != NvmlNative.Success)
            {
                return GpuReading.Unavailable;
            }

            // Utilisation and temperature are unsupported on some devices (e.g. MIG slices): report NaN, not a failure.
            var utilization = NvmlNative.DeviceGetUtilizationRates(device, out var rates) == NvmlNative.Success ? rates.Gpu / 100.0 : double.NaN;
            var temperature = NvmlNative.DeviceGetTemperature(device, NvmlNative.TemperatureGpu, out var celsius) == NvmlNative.Success ? celsius : double.NaN;
            devices.Add(new GpuDevice((int)i, Name(device), memory.Used, memory.Total, utilization, temperature));
        }

        return new GpuReading(true, devices);
    }

    private static unsafe string Name(IntPtr device)
    {
        var buffer = stackalloc byte[NvmlNative.NameBufferSize];
        if (NvmlNative.DeviceGetName(device, buffer, NvmlNative.NameBufferSize) != NvmlNative.Success)
        {
            return "unknown";
        }

        var span = new ReadOnlySpan<byte>(buffer, NvmlNative.NameBufferSize);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "NVML initialised: GPU metrics on (appliance_gpu_*)")]
    private static partial void LogNvmlReady(ILogger logger);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "No NVIDIA driver (libnvidia-ml.so.1 not found): GPU metrics off, appliance_gpu_metrics_up 0")]
    private static partial void LogNvmlAbsent(ILogger logger);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "NVML did not initialise (nvmlReturn {Result}): GPU metrics off, appliance_gpu_metrics_up 0")]
    private static partial void LogNvmlInitFailed(ILogger logger, int result);
}
