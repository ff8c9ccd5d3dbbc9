using System.Globalization;

namespace Appliance.Cli.Formatting;

/// <summary>Sizes and counts for people: binary units for bytes (as memory is sized), SI for parameter counts.</summary>
internal static class Quantities
{
    private static readonly string[] ByteUnits = ["bytes", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>For example "4.36 GiB", "56 KiB", "812 bytes".</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var format = unit == 0 || value == Math.Floor(value) ? "0" : "0.##";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + ByteUnits[unit];
    }

    /// <summary>For example "7.62 B", "415.2 M", "336.2 K", "812".</summary>
    public static string Count(long count) => count switch
    {
        >= 1_000_000_000 => (count / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " B",
        >= 1_000_000 => (count / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (count / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " K",
        _ => count.ToString(CultureInfo.InvariantCulture),
    };
}
