using System.Globalization;
using System.Runtime.InteropServices;
using Appliance.Contracts.V1;

namespace Appliance.LoadGen;

/// <summary>Where and against what a run happened, for the report header.</summary>
internal sealed record RunInfo(DateTimeOffset StartedUtc, LoadGenOptions Options, ModelInfo Model)
{
    /// <summary>The machine the load generator ran on (the server's may differ).</summary>
    public string Machine
    {
        get
        {
            var cpu = CpuModel();
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{Environment.ProcessorCount} logical CPUs{(cpu is null ? "" : $" ({cpu})")}, "
                + $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        }
    }

    public string Date => StartedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public string ModelLine => string.Create(
        CultureInfo.InvariantCulture,
        $"{Model.Id}: {Or(Model.Quantization, "unquantised/unknown")}, context {Model.ContextLength}, "
        + $"{Model.MaxSequences} sequences, gpu_layers {Model.GpuLayers}, backend {Or(Model.Backend, "unknown")}");

    public string Parameters
    {
        get
        {
            var o = Options;
            var amount = o.Duration is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.#} s per level")
                : o.Requests is { } n ? $"{n} requests per level"
                : o.Rates is null ? "4 requests per stream (at least 8) per level" : "10 s of arrivals (at least 8) per level";
            var load = o.Rates is { } rates
                ? "open loop, Poisson arrivals " + string.Join(",", rates.Select(r => r.ToString("0.###", CultureInfo.InvariantCulture))) + " req/s"
                : "streams " + string.Join(",", o.Concurrency);
            var prefix = o.SharedPrefixTokens > 0 ? $"shared system prefix ~{o.SharedPrefixTokens} words; " : "";
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{load}; {amount}; max_tokens {o.MaxTokens}; prompt ~{o.PromptTokens} words; {prefix}"
                + $"priority {o.PriorityMix.Format(PriorityNames.Name)}; clients {o.ClientMix.Format(c => c)}; "
                + $"temperature {o.Temperature}; seed {o.Seed}; warmup {o.Warmup}; chat messages; server {o.Server}");
        }
    }

    private static string Or(string value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;

    private static string? CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .Where(line => line.StartsWith("model name", StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
