using System.Globalization;
using Appliance.Contracts.V1;

namespace Appliance.LoadGen;

/// <summary>Where and against which models an embed run happened, for the report header.</summary>
internal sealed record EmbedRun(DateTimeOffset StartedUtc, LoadGenOptions Options, IReadOnlyList<ModelInfo> Models)
{
    public string Date => Info(Models[0]).Date;

    /// <summary>The machine the load generator ran on (the server's may differ).</summary>
    public string Machine => Info(Models[0]).Machine;

    /// <summary>The baseline of the ratios: the last model of --model.</summary>
    public string Baseline => Models[^1].Id;

    /// <summary>One server-reported line per model, in run order.</summary>
    public IReadOnlyList<string> ModelLines => [.. Models.Select(m => $"{Info(m).ModelLine}, format {m.Format}")];

    public string Parameters
    {
        get
        {
            var o = Options;
            var amount = o.Duration is { } d
                ? Cells.Invariant($"{d.TotalSeconds:0.#} s per level")
                : o.Requests is { } n ? $"{n} calls per level" : "4 calls per stream (at least 8) per level";
            return string.Create(
                CultureInfo.InvariantCulture,
                $"embed, closed loop, streams {string.Join(",", o.Concurrency)}, each level for each model in turn; {amount}; "
                + $"{o.TextsPerRequest} text(s) per call of {o.TextWords} words; normalize and truncate server defaults; "
                + $"priority {o.PriorityMix.Format(PriorityNames.Name)}; clients {o.ClientMix.Format(c => c)} (drawn per call); "
                + $"seed {o.Seed}; warmup {o.Warmup} per model; baseline {Baseline}; server {o.Server}");
        }
    }

    private RunInfo Info(ModelInfo model) => new(StartedUtc, Options, model);
}
