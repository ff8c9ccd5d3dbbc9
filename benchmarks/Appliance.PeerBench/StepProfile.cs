using System.Globalization;

namespace Appliance.PeerBench;

/// <summary>
/// The appliance's own account of where its worker's time went in one round, read from its
/// Prometheus endpoint at the end of the round: the sums and counts of
/// <c>appliance_step_phase_seconds</c> by phase, and of the step duration and batch size.
/// </summary>
internal sealed record StepProfile(int Round, IReadOnlyDictionary<string, (double Sum, double Count)> Series)
{
    private static readonly string[] Families = ["appliance_step_phase_seconds", "appliance_step_duration_seconds", "appliance_batch_size"];

    public static StepProfile Parse(int round, string exposition)
    {
        var series = new Dictionary<string, (double Sum, double Count)>();
        foreach (var line in exposition.Split('\n'))
        {
            foreach (var family in Families)
            {
                foreach (var (suffix, isSum) in new[] { ("_sum", true), ("_count", false) })
                {
                    if (!line.StartsWith(family + suffix + "{", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var key = family + Label(line, "phase");
                    var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                    var (sum, count) = series.GetValueOrDefault(key);
                    series[key] = isSum ? (sum + value, count) : (sum, count + value);
                }
            }
        }

        return new StepProfile(round, series);
    }

    private static string Label(string line, string name)
    {
        var start = line.IndexOf(name + "=\"", StringComparison.Ordinal);
        return start < 0 ? "" : ":" + line[(start + name.Length + 2)..line.IndexOf('"', start + name.Length + 2)];
    }
}
