using System.Globalization;

namespace Appliance.Cli.Formatting;

/// <summary>Numbers with their units, short enough for an 80-column screen ("3.5/s", "12.3 GiB", "2 h 05 min").</summary>
internal static class Units
{
    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>Events per second: "0/s", "0.25/s", "3.5/s", "120/s".</summary>
    public static string PerSecond(double rate) => rate switch
    {
        <= 0 or double.NaN => "0/s",
        < 1 => Format($"{rate:0.00}/s"),
        < 100 => Format($"{rate:0.0}/s"),
        _ => Format($"{rate:0}/s"),
    };

    /// <summary>A ratio 0..1 as a percentage: "0 %", "0.4 %", "42 %".</summary>
    public static string Percent(double ratio)
    {
        var percent = ratio * 100;
        return percent switch
        {
            double.NaN => "?",
            <= 0 => "0 %",
            < 10 => Format($"{percent:0.0} %"),
            _ => Format($"{percent:0} %"),
        };
    }

    /// <summary>A whole count with thousands separators: "12,345".</summary>
    public static string Count(double count) => double.IsNaN(count) ? "?" : Format($"{count:#,0}");

    /// <summary>Bytes in binary units: "512 B", "1.5 MiB", "79.6 GiB".</summary>
    public static string Bytes(double bytes)
    {
        if (double.IsNaN(bytes) || bytes < 0)
        {
            return "?";
        }

        var unit = 0;
        while (bytes >= 1024 && unit < ByteUnits.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return unit == 0 ? Format($"{bytes:0} B") : Format($"{bytes:0.0} {ByteUnits[unit]}");
    }

    /// <summary>A duration to the two largest units: "42 s", "5 min 07 s", "2 h 05 min", "3 d 04 h".</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        return duration switch
        {
            { TotalMinutes: < 1 } => Format($"{(int)duration.TotalSeconds} s"),
            { TotalHours: < 1 } => Format($"{duration.Minutes} min {duration.Seconds:00} s"),
            { TotalDays: < 1 } => Format($"{duration.Hours} h {duration.Minutes:00} min"),
            _ => Format($"{(int)duration.TotalDays} d {duration.Hours:00} h"),
        };
    }

    /// <summary>Seconds with one decimal when under ten: "0.5 s", "1.0 s", "30 s".</summary>
    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds < 10 ? Format($"{duration.TotalSeconds:0.0} s") : Format($"{duration.TotalSeconds:0} s");

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
