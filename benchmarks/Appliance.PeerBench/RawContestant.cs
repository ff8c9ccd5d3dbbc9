using System.Globalization;
using System.Text.Json;

namespace Appliance.PeerBench;

/// <summary>Runs <see cref="RawChild"/> in a child process of this program for one round and reads its levels back.</summary>
internal sealed class RawContestant(PeerOptions options, string model) : IContestant
{
    public string Name => "raw";

    public async Task<IReadOnlyList<LevelRun>> RunRoundAsync(int round, IReadOnlyList<LevelPrompts> levels, CancellationToken cancellationToken)
    {
        var plan = Path.Combine(options.Work, "raw-plan.json");
        await File.WriteAllTextAsync(plan, JsonSerializer.Serialize(levels), cancellationToken);
        string[] arguments =
        [
            typeof(RawChild).Assembly.Location, "raw-child", Text(round), model, plan, Text(options.Threads), Text(options.BatchTokens),
            Text(options.ContextPerSequence), Text(options.MaxStreams), Text(options.MaxTokens), .. options.NativeLibrary is { } l ? new[] { l } : [],
        ];
        await using var child = ChildProcess.Start("dotnet", arguments, new Dictionary<string, string>(), keepStdout: true);
        var runs = new List<LevelRun>();
        var lines = child.Process.StandardOutput;
        while (true)
        {
            // Each level's line ends its sampling window: the child prints it when the level is done.
            var run = await RunnableThreads.MeasureAsync(child.Process.Id, async () =>
                await lines.ReadLineAsync(cancellationToken) is { } line && line.StartsWith('{')
                    ? JsonSerializer.Deserialize<LevelRun>(line, LevelRun.Json)
                    : null);
            if (run is null)
            {
                break;
            }

            runs.Add(run);
        }

        await child.Process.WaitForExitAsync(cancellationToken);
        return child.Process.ExitCode == 0 && runs.Count == levels.Count
            ? runs
            : throw new InvalidOperationException($"raw loop failed ({child.Process.ExitCode}):\n{child.Tail()}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
