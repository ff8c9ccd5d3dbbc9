using System.Globalization;
using System.Text;

namespace Appliance.EngineBench;

internal static class BenchReport
{
    public static string Render(BenchOptions options, string backend, int promptTokens, IReadOnlyList<Variant> variants, Dictionary<string, List<(double Prefill, double Decode)>> results)
    {
        var c = CultureInfo.InvariantCulture;
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        var baseline = Medians(results[variants[0].Name]);
        var text = new StringBuilder();
        text.AppendLine(c, $"## Engine decode, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(c, $"- Machine: {Environment.ProcessorCount} logical CPUs ({cpu ?? "unknown CPU"}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        text.AppendLine(c, $"- Model: {Path.GetFileName(options.Model)}; backend: {backend}");
        text.AppendLine(c, $"- {options.Streams} stream(s), prompt {promptTokens} tokens each, {options.Generate} generated (greedy unless the variant says it samples), {options.Threads} threads, {options.Rounds} rounds per variant interleaved; medians; tok/s are aggregate over the streams");
        text.AppendLine();
        text.AppendLine("| variant | what | prefill tok/s | decode tok/s | decode vs the first variant |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var variant in variants)
        {
            var (prefill, decode) = Medians(results[variant.Name]);
            var pp = options.Streams * promptTokens / prefill;
            var tg = options.Streams * (options.Generate - 1) / decode;
            var ratio = baseline.Decode / decode;
            text.AppendLine(c, $"| {variant.Name} | {variant.Description} | {pp:F0} | {tg:F1} | {ratio:F2} |");
        }

        return text.ToString();
    }

    private static (double Prefill, double Decode) Medians(List<(double Prefill, double Decode)> rounds) =>
        (Median(rounds.Select(r => r.Prefill)), Median(rounds.Select(r => r.Decode)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
