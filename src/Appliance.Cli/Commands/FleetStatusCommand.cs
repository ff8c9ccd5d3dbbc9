using Appliance.Cli.Formatting;
using Appliance.Contracts.V1;
using Grpc.Health.V1;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl status</c> over several boxes (issue 20): each box's own status screen under a
/// heading, gathered at once (each box is asked as if alone, with its own channel and metrics
/// port), then one fleet line: boxes up, models ready per box. The exit code is the worst box's
/// (<see cref="Worst"/>). A box's errors go to standard error, each line naming the box.
/// </summary>
internal sealed class FleetStatusCommand(CommandContext context)
{
    /// <summary>Runs one box's status into the context given and returns its exit code and the screen's report (null when none was drawn).</summary>
    public delegate Task<(int Code, StatusReport? Report)> BoxStatus(int index, CommandContext boxContext);

    /// <param name="boxes">How to name each box, and its address (the one its screen shows).</param>
    /// <param name="status">Runs one box's status.</param>
    public async Task<int> RunAsync(IReadOnlyList<(string Label, string Address)> boxes, BoxStatus status)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(status);
        var results = await Task.WhenAll(boxes.Select(async (box, i) =>
        {
            var (label, address) = box;
            using var output = new StringWriter();
            using var error = new StringWriter();
            var (code, report) = await status(i, context with { Output = output, Error = error, ServerAddress = address });
            return new BoxResult(label, code, report, output.ToString(), error.ToString());
        }));

        for (var i = 0; i < results.Length; i++)
        {
            var box = results[i];
            await context.Output.WriteLineAsync($"== box {i + 1} of {results.Length}: {box.Label}");
            await context.Output.WriteAsync(box.Report is null ? $"no status ({Describe(box.Code)}; see standard error)\n" : box.Output);
            foreach (var line in box.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await context.Error.WriteLineAsync($"{box.Label}: {line}");
            }
        }

        var worst = Worst(results.Select(r => r.Code));
        var up = results.Count(r => r.Report?.ServerHealth == HealthCheckResponse.Types.ServingStatus.Serving);
        await context.Output.WriteLineAsync(
            $"fleet: {up} of {results.Length} boxes up; models ready: {string.Join(", ", results.Select(Ready))}; exit {worst} ({Describe(worst)})");
        return worst;
    }

    /// <summary>
    /// The worst of the boxes' exit codes: a box that did not answer (or refused the credentials)
    /// outranks a failed model, which outranks one not serving, which outranks unreadable metrics;
    /// success only when every box succeeded. Cancelled (Ctrl+C) wins over everything.
    /// </summary>
    public static int Worst(IEnumerable<int> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return codes.MaxBy(Rank);
    }

    private static int Rank(int code) => code switch
    {
        ExitCodes.Success => 0,
        ExitCodes.MetricsUnavailable => 1,
        ExitCodes.NotServing => 2,
        ExitCodes.ModelFailed => 3,
        ExitCodes.Cancelled => 5,
        _ => 4,
    };

    private static string Ready(BoxResult box) => box.Report is { } report
        ? $"{box.Label} {report.Models.Count(m => m.State == ModelState.Ready)}/{report.Models.Count}"
        : $"{box.Label} -";

    private static string Describe(int code) => code switch
    {
        ExitCodes.Success => "every box ready",
        ExitCodes.MetricsUnavailable => "metrics unreadable",
        ExitCodes.NotServing => "not serving or loading",
        ExitCodes.ModelFailed => "a model failed",
        ExitCodes.Unavailable => "unreachable",
        ExitCodes.Unauthenticated => "credentials refused",
        ExitCodes.PermissionDenied => "permission denied",
        ExitCodes.Cancelled => "cancelled",
        _ => "failed",
    };

    private sealed record BoxResult(string Label, int Code, StatusReport? Report, string Output, string Error);
}
