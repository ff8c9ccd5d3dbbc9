using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.LoadGen;

/// <summary>One run: look the model up, warm up, run each concurrency level, print and write the report.</summary>
internal sealed class LoadGenApp
{
    private readonly GrpcChannel _channel;
    private readonly HttpClient _openAi;
    private readonly LoadGenOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public LoadGenApp(GrpcChannel channel, HttpClient openAi, LoadGenOptions options, TextWriter output, TextWriter error)
    {
        _channel = channel;
        _openAi = openAi;
        _options = options;
        _out = output;
        _error = error;
    }

    /// <summary>Returns the exit code: 0 when every level ran (failed requests are results, not errors).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var model = await FindModelAsync(cancellationToken);
        if (model is null)
        {
            return 1;
        }

        var run = new RunInfo(TimeProvider.System.GetUtcNow(), _options, model);
        await _out.WriteLineAsync($"model:   {run.ModelLine}\nmachine: {run.Machine}\nrun:     {run.Parameters}");

        var doors = new DoorRunner(new RequestRunner(new Generation.GenerationClient(_channel.WithModelRouting()), _options), new OpenAiRequestRunner(_openAi, _options))
        {
            Current = _options.Api == ApiDoor.OpenAi ? ApiDoor.OpenAi : ApiDoor.Grpc,
        };
        var levels = new LevelRunner(doors, _options);
        var summaries = new List<LevelSummary>();
        try
        {
            if (!await WarmUpAsync(levels, cancellationToken))
            {
                return 1;
            }

            foreach (var (load, door) in Plan())
            {
                doors.Current = door;
                await _error.WriteAsync(load.IsOpenLoop ? $"{load.Name} (open loop)... " : $"{load.Cell} stream(s) in flight... ");
                var summary = LevelSummary.From(await levels.RunAsync(load, cancellationToken), _options.CacheHitTokens);
                summaries.Add(summary);
                await _error.WriteLineAsync(FormattableString.Invariant(
                    $"{summary.Outcomes.Ok} ok, {summary.Outcomes.Failed} failed, {summary.Outcomes.Rejected} rejected in {summary.Wall.TotalSeconds:F1} s"));
            }
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            await _error.WriteLineAsync("\ncancelled; no report written");
            if (summaries.Count > 0)
            {
                await PrintAsync(summaries);
            }

            return 130;
        }

        await PrintAsync(summaries);
        foreach (var ratio in DoorRatios.Notes(summaries))
        {
            await _out.WriteLineAsync(ratio);
        }

        if (_options.Out is { } path)
        {
            await MarkdownReport.AppendAsync(path, run, summaries, CancellationToken.None);
            var charts = ReportCharts.Write(path, summaries, run.StartedUtc);
            if (charts.Count > 0)
            {
                await File.AppendAllTextAsync(path, $"Charts: {string.Join(", ", charts.Select(c => $"`{c}`"))}{Environment.NewLine}{Environment.NewLine}", CancellationToken.None);
            }

            await _error.WriteLineAsync($"report appended to {Path.GetFullPath(path)} (charts: {string.Join(", ", charts)})");
        }

        return 0;
    }

    /// <summary>The levels and the door of each: with <c>--api both</c> every level through gRPC, then through the OpenAI door.</summary>
    private IEnumerable<(LevelLoad Load, ApiDoor Door)> Plan() => _options.Api switch
    {
        ApiDoor.Both => _options.Levels.SelectMany(l => new[] { (l with { Door = "grpc" }, ApiDoor.Grpc), (l with { Door = "openai" }, ApiDoor.OpenAi) }),
        var door => _options.Levels.Select(l => (l, door)),
    };

    private async Task<ModelInfo?> FindModelAsync(CancellationToken cancellationToken) =>
        await ModelCatalog.LoadAsync(_channel, _options.Server, _error, cancellationToken) is { } catalog
            ? await catalog.FindReadyAsync(_options.Model)
            : null;

    private async Task<bool> WarmUpAsync(LevelRunner levels, CancellationToken cancellationToken)
    {
        if (_options.Warmup == 0)
        {
            return true;
        }

        await _error.WriteAsync($"warmup ({_options.Warmup} requests)... ");
        var results = await levels.WarmUpAsync(_options.Warmup, cancellationToken);
        return await Warmup.CheckAsync(_error, results, "request");
    }

    private async Task PrintAsync(IReadOnlyList<LevelSummary> summaries)
    {
        await TitledTables.WriteTextAsync(_out, ReportSections.From(summaries, _options));
        foreach (var note in MarkdownReport.FailureNotes(summaries))
        {
            await _out.WriteLineAsync(note);
        }
    }
}
