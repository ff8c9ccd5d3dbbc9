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
        text.AppendLine(c, $"- Prompt {promptTokens} tokens, {options.Generate} generated (greedy), {options.Threads} threads, {options.Rounds} rounds per variant interleaved; medians");
        text.AppendLine();
        text.AppendLine("| variant | what | prefill tok/s | decode tok/s | decode vs raw |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var variant in variants)
        {
            var (prefill, decode) = Medians(results[variant.Name]);
            var pp = promptTokens / prefill;
            var tg = (options.Generate - 1) / decode;
            var ratio = ((options.Generate - 1) / baseline.Decode) is var b && b > 0 ? tg / b : double.NaN;
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
