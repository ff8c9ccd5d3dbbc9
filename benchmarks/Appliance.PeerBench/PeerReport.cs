using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Appliance.BenchCharts;

namespace Appliance.PeerBench;

/// <summary>
/// The report: tokens/s per contestant and level (median over rounds, min-max), the ratios
/// appliance / llama-server and appliance / raw (medians of the per-round ratios, so drift between
/// rounds cancels), TTFT percentiles over every round, and two SVG charts.
/// </summary>
internal static class PeerReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static (string Markdown, string Stamp) Render(PeerOptions options, string model, IReadOnlyList<LevelRun> runs)
    {
        var now = DateTimeOffset.UtcNow;
        var names = runs.Select(r => r.Contestant).Distinct().ToArray();
        var text = new StringBuilder();
        text.AppendLine(C, $"## Peer benchmark, {now:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine(C, $"- Machine: {Environment.ProcessorCount} logical CPUs ({Cpu()}), {RuntimeInformation.OSDescription}; load average at the end: {LoadAverage()}");
        text.AppendLine(C, $"- Model: {Path.GetFileName(model)} ({new FileInfo(model).Length / 1e6:F1} MB); llama-server: {options.LlamaServer ?? "not run"}; appliance native library: {options.NativeLibrary ?? "LLamaSharp.Backend.Cpu 0.30.0 (its own pick)"}");
        text.AppendLine(C, $"- Workload: closed loop, {options.RequestsPerStream} requests per stream, distinct prompts of {options.PromptTokens} tokens, {options.MaxTokens} generated (greedy, EOS ignored), {options.Threads} threads, batch {options.BatchTokens}, {options.ContextPerSequence} KV cells per slot, slots = {options.MaxStreams}; {options.WarmupRequests} full-length warm-up calls per server start; {options.Rounds} rounds, contestants in turn, order reversed every other round");
        if (options.UrgentStreams > 0 || options.SharedPrefixTokens > 0)
        {
            text.AppendLine(C, $"- Hospital mix: {options.UrgentStreams} stream(s) of each level send urgent calls ({options.UrgentPromptTokens}-token prompts, {options.UrgentMaxTokens} generated; URGENT on the appliance, the others BATCH; llama-server has no classes) until the others are done; the others' prompts open with a shared {options.SharedPrefixTokens}-token template (llama-server with cache_prompt: {(options.SharedPrefixTokens > 0 ? "true" : "false")})");
        }

        text.AppendLine();
        var ratios = new List<(string Name, string Over)>();
        if (names.Contains("appliance") && names.Contains("llama-server"))
        {
            ratios.Add(("appliance", "llama-server"));
        }

        if (names.Contains("appliance") && names.Contains("raw"))
        {
            ratios.Add(("appliance", "raw"));
        }

        text.AppendLine("| streams | " + string.Join(" | ", names.Select(n => $"{n} tok/s median (min-max)")) + string.Concat(ratios.Select(r => $" | {r.Name} / {r.Over} median (min-max)")) + " |");
        text.AppendLine("|---:|" + string.Concat(Enumerable.Repeat("---:|", names.Length + ratios.Count)));
        foreach (var streams in runs.Select(r => r.Streams).Distinct().Order())
        {
            var cells = names.Select(n => Spread([.. runs.Where(r => r.Contestant == n && r.Streams == streams).Select(r => r.TokensPerSecond)], "F1"));
            var ratioCells = ratios.Select(r => Spread(RoundRatios(runs, streams, r.Name, r.Over), "F2"));
            text.AppendLine(C, $"| {streams} | {string.Join(" | ", cells)}{string.Concat(ratioCells.Select(c => " | " + c))} |");
        }

        text.AppendLine().AppendLine("| streams | contestant | TTFT p50 s | TTFT p95 s | TTFT max s | prompt tokens (mean) | failed | runnable threads (mean) |").AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in runs.GroupBy(r => (r.Streams, r.Contestant)).OrderBy(g => g.Key.Streams))
        {
            var ttft = group.SelectMany(r => r.Ttft).Order().ToArray();
            var requests = group.Sum(r => r.Ttft.Count + r.UrgentTtft.Count);
            var prompt = requests == 0 ? 0 : (double)group.Sum(r => r.PromptTokens) / requests;
            text.AppendLine(C, $"| {group.Key.Streams} | {group.Key.Contestant} | {Percentile(ttft, 0.5):F2} | {Percentile(ttft, 0.95):F2} | {ttft.LastOrDefault():F2} | {prompt:F0} | {group.Sum(r => r.Failed)} | {group.Average(r => r.RunnableThreads):F1} |");
        }

        if (runs.Any(r => r.UrgentTtft.Count > 0))
        {
            text.AppendLine().AppendLine("| streams | contestant | urgent calls | urgent TTFT p50 s | urgent TTFT p95 s | urgent TTFT max s | other calls' TTFT p50 s | p95 s | other calls' tok/s median |").AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var group in runs.GroupBy(r => (r.Streams, r.Contestant)).OrderBy(g => g.Key.Streams))
            {
                var urgent = group.SelectMany(r => r.UrgentTtft).Order().ToArray();
                var others = group.SelectMany(r => r.Ttft).Order().ToArray();
                text.AppendLine(C, $"| {group.Key.Streams} | {group.Key.Contestant} | {urgent.Length} | {Percentile(urgent, 0.5):F2} | {Percentile(urgent, 0.95):F2} | {urgent.LastOrDefault():F2} | {Percentile(others, 0.5):F2} | {Percentile(others, 0.95):F2} | {Median([.. group.Select(r => r.OtherTokensPerSecond)]):F1} |");
            }
        }

        var stamp = now.ToString("yyyyMMdd-HHmm", C);
        text.AppendLine().AppendLine(C, $"Charts: `peer-{stamp}-tokens.svg`, `peer-{stamp}-ttft.svg`.");
        return (text.ToString(), stamp);
    }

    /// <summary>Writes the two charts into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> WriteCharts(IReadOnlyList<LevelRun> runs, string directory, string stamp)
    {
        var tokens = Path.Combine(directory, $"peer-{stamp}-tokens.svg");
        var series = runs.GroupBy(r => r.Contestant).Select(g => new ChartSeries(
            g.Key, [.. g.GroupBy(r => r.Streams).OrderBy(s => s.Key).Select(s => ((double)s.Key, Median([.. s.Select(r => r.TokensPerSecond)])))])).ToArray();
        BenchCharts.BenchCharts.ThroughputByStreams(tokens, "Generation throughput, median of rounds", series);
        var ttft = Path.Combine(directory, $"peer-{stamp}-ttft.svg");
        var groups = runs.GroupBy(r => (r.Streams, r.Contestant)).OrderBy(g => g.Key.Streams).SelectMany(g =>
        {
            var values = g.SelectMany(r => r.Ttft).Order().ToArray();
            var urgent = g.SelectMany(r => r.UrgentTtft).Order().ToArray();
            var all = new[] { new LatencyGroup($"{g.Key.Contestant} x{g.Key.Streams}", Percentile(values, 0.5), Percentile(values, 0.95), values.LastOrDefault()) };
            return urgent.Length == 0 ? all : [.. all, new LatencyGroup($"{g.Key.Contestant} x{g.Key.Streams} urgent", Percentile(urgent, 0.5), Percentile(urgent, 0.95), urgent.LastOrDefault())];
        }).ToArray();
        BenchCharts.BenchCharts.LatencyPercentiles(ttft, "Time to first token, all rounds", groups);
        return [tokens, ttft];
    }

    private static double[] RoundRatios(IReadOnlyList<LevelRun> runs, int streams, string name, string over) =>
        [.. runs.Where(r => r.Contestant == name && r.Streams == streams)
            .Join(runs.Where(r => r.Contestant == over && r.Streams == streams), r => r.Round, r => r.Round, (a, b) => b.TokensPerSecond > 0 ? a.TokensPerSecond / b.TokensPerSecond : double.NaN)];

    private static string Spread(double[] values, string format) => values.Length == 0
        ? "-"
        : $"{Median(values).ToString(format, C)} ({values.Min().ToString(format, C)}-{values.Max().ToString(format, C)})";

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Cpu() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU"
        : "unknown CPU";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
