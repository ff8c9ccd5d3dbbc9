using System.Globalization;

namespace Appliance.Catalog.Memory;

/// <summary>Byte counts for people, in binary units as memory is sized ("512 B", "1.5 MiB", "79.6 GiB").</summary>
public static class MemoryText
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>Bytes in the largest binary unit under which the figure stays at least 1, one decimal.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 0)
        {
            return "-" + Bytes(-bytes);
        }

        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }
}
