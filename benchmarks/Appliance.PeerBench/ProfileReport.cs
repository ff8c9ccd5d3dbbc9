using System.Globalization;
using System.Text;

namespace Appliance.PeerBench;

/// <summary>
/// The step profile table: per phase, seconds per round (median over rounds), share of the worker's
/// busy time and mean per step; then steps, mean sequences per step, and how much of the
/// appliance's wall time its worker was busy at all (the rest: waiting for requests to arrive).
/// </summary>
internal static class ProfileReport
{
    private static readonly string[] Phases = ["admit", "plan", "decode", "sample", "route"];

    public static string Render(string contestant, IReadOnlyList<StepProfile> profiles, IReadOnlyList<LevelRun> applianceRuns)
    {
        if (profiles.Count == 0)
        {
            return "";
        }

        var c = CultureInfo.InvariantCulture;
        double Median(Func<StepProfile, double> pick) => profiles.Select(pick).Order().ElementAt(profiles.Count / 2);
        double Sum(StepProfile p, string key) => p.Series.GetValueOrDefault(key).Sum;
        double Count(StepProfile p, string key) => p.Series.GetValueOrDefault(key).Count;
        double Busy(StepProfile p) => Phases.Sum(phase => Sum(p, $"appliance_step_phase_seconds:{phase}"));
        var text = new StringBuilder();
        text.AppendLine().AppendLine(c, $"Step profile of {contestant} (`appliance_step_phase_seconds`, whole round incl. warm-up; medians over rounds):").AppendLine();
        text.AppendLine("| phase | s per round | share of worker busy time | mean per step ms |").AppendLine("|---|---:|---:|---:|");
        foreach (var phase in Phases)
        {
            var key = $"appliance_step_phase_seconds:{phase}";
            text.AppendLine(c, $"| {phase} | {Median(p => Sum(p, key)):F3} | {Median(p => Sum(p, key) / Math.Max(Busy(p), 1e-9)):P1} | {Median(p => Sum(p, key) / Math.Max(Count(p, key), 1) * 1000):F3} |");
        }

        var steps = Median(p => Count(p, "appliance_batch_size"));
        var batch = Median(p => Sum(p, "appliance_batch_size") / Math.Max(Count(p, "appliance_batch_size"), 1));
        var wall = applianceRuns.GroupBy(r => r.Round).Select(g => g.Sum(r => r.WallSeconds)).Order().ElementAt(applianceRuns.Select(r => r.Round).Distinct().Count() / 2);
        text.AppendLine().AppendLine(c, $"Steps per round {steps:F0}, mean sequences per step {batch:F1}; worker busy {Median(Busy):F2} s of {wall:F2} s of measured levels (median round).");
        return text.ToString();
    }
}
