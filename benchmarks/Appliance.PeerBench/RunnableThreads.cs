using System.Globalization;

namespace Appliance.PeerBench;

/// <summary>
/// How many threads of a contestant's process are runnable (state R in /proc/PID/task/*/stat) while
/// a level runs, sampled every 50 ms: on 2 cores, more than 2 means threads queue for a core (OpenMP
/// workers spinning, the .NET thread pool writing streams, Kestrel). Linux only; NaN elsewhere.
/// </summary>
internal static class RunnableThreads
{
    public static async Task<LevelRun?> MeasureAsync(int processId, Func<Task<LevelRun?>> level)
    {
        using var stop = new CancellationTokenSource();
        var samples = new List<int>();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (Count(processId) is { } count)
                {
                    samples.Add(count);
                }

                try
                {
                    await Task.Delay(50, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        var run = await level();
        await stop.CancelAsync();
        await sampler;
        return run is null ? null : run with { RunnableThreads = samples.Count == 0 ? double.NaN : samples.Average() };
    }

    private static int? Count(int processId)
    {
        var tasks = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        var running = 0;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                // "pid (comm) S ...": the state follows the last ')' (comm may hold spaces and parentheses).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].AsSpan(0, 1);
                running += state is "R" ? 1 : 0;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return running;
    }
}
