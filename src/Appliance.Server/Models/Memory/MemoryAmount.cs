using System.Globalization;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// A configured amount of memory: bytes ("24GiB", "512 MiB", "8000000000", "2GB") or a share of a
/// device ("80%"). Binary (KiB, MiB, GiB, TiB) and decimal (KB, MB, GB, TB) units, case-insensitive.
/// </summary>
internal sealed record MemoryAmount(long? Bytes, double? Percent)
{
    /// <summary>What a value may look like, for error messages.</summary>
    public const string Forms = "bytes (\"24GiB\", \"512MiB\", \"8000000000\") or a percentage of the device's memory (\"80%\")";

    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("kib", 1L << 10), ("mib", 1L << 20), ("gib", 1L << 30), ("tib", 1L << 40),
        ("kb", 1_000L), ("mb", 1_000_000L), ("gb", 1_000_000_000L), ("tb", 1_000_000_000_000L), ("b", 1L),
    ];

    /// <summary>Reads <paramref name="text"/>; false when it is neither bytes nor a percentage in (0, 100].</summary>
    public static bool TryParse(string? text, out MemoryAmount amount)
    {
        amount = new MemoryAmount(null, null);
        var value = text?.Trim().ToLowerInvariant() ?? string.Empty;
        if (value.EndsWith('%'))
        {
            var ok = double.TryParse(value[..^1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is > 0 and <= 100;
            amount = new MemoryAmount(null, percent);
            return ok;
        }

        var factor = 1L;
        foreach (var (suffix, unitFactor) in Units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal))
            {
                value = value[..^suffix.Length].Trim();
                factor = unitFactor;
                break;
            }
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0 || number * factor > long.MaxValue)
        {
            return false;
        }

        amount = new MemoryAmount((long)(number * factor), null);
        return true;
    }

    /// <summary>The bytes this amount stands for on a device of <paramref name="total"/> bytes (null when a percentage meets an unknown total).</summary>
    public long? On(long? total) => Bytes ?? (total is { } t ? (long)(t * Percent!.Value / 100) : null);
}
