using System.Runtime.InteropServices;

namespace Appliance.Server.Metrics.Gpu;

/// <summary>
/// The few NVML entry points the appliance reads, from the driver's <c>libnvidia-ml.so.1</c>
/// (no wrapper package exists). Every function returns an nvmlReturn_t; 0 is success.
/// </summary>
internal static partial class NvmlNative
{
    private const string Library = "libnvidia-ml.so.1";

    public const int Success = 0;

    /// <summary>NVML_DEVICE_NAME_V2_BUFFER_SIZE.</summary>
    public const int NameBufferSize = 96;

    /// <summary>NVML_TEMPERATURE_GPU.</summary>
    public const int TemperatureGpu = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct Memory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Utilization
    {
        public uint Gpu;
        public uint Memory;
    }

    [LibraryImport(Library, EntryPoint = "nvmlInit_v2")]
    public static partial int Init();

    [LibraryImport(Library, EntryPoint = "nvmlShutdown")]
    public static partial int Shutdown();

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetCount_v2")]
    public static partial int DeviceGetCount(out uint count);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    public static partial int DeviceGetHandleByIndex(uint index, out IntPtr device);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetName")]
    public static unsafe partial int DeviceGetName(IntPtr device, byte* name, uint length);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetMemoryInfo")]
    public static partial int DeviceGetMemoryInfo(IntPtr device, out Memory memory);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetUtilizationRates")]
    public static partial int DeviceGetUtilizationRates(IntPtr device, out Utilization utilization);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetTemperature")]
    public static partial int DeviceGetTemperature(IntPtr device, int sensor, out uint temperature);
}
