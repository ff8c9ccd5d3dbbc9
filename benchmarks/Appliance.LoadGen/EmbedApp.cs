using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.LoadGen;

/// <summary>
/// An embed-mode run: check every model of --model, warm each up, run each level for each model in turn,
/// print the tables and ratios, and append the report.
/// </summary>
internal sealed class EmbedApp
{
    private readonly GrpcChannel _channel;
    private readonly LoadGenOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public EmbedApp(GrpcChannel channel, LoadGenOptions options, TextWriter output, TextWriter error)
    {
        _channel = channel;
        _options = options;
        _out = output;
        _error = error;
    }

    /// <summary>Returns the exit code: 0 when every level ran (failed calls are results, not errors).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var models = await FindModelsAsync(cancellationToken);
        if (models is null)
        {
            return 1;
        }

        var run = new EmbedRun(TimeProvider.System.GetUtcNow(), _options, models);
        await _out.WriteLineAsync($"models:  {string.Join("\n         ", run.ModelLines)}\nmachine: {run.Machine}\nrun:     {run.Parameters}");

        var client = new Embeddings.EmbeddingsClient(_channel.WithModelRouting());
        var runners = models.Select(m => new EmbedLevelRunner(new EmbedCallRunner(client, m.Id, _options), _options)).ToList();
        var summaries = new List<EmbedSummary>();
        try
        {
            foreach (var runner in runners)
            {
                if (!await WarmUpAsync(runner, cancellationToken))
                {
                    return 1;
                }
            }

            // Level by level, each model in turn: the models compared at a level run back to back, so a drift on
            // the server between the start and the end of the run (heat, other load) skews the ratios less.
            foreach (var load in _options.Levels)
            {
                foreach (var runner in runners)
                {
                    await _error.WriteAsync($"{runner.Model}, {load.Cell} stream(s) in flight... ");
                    var summary = await runner.RunAsync(load, cancellationToken);
                    summaries.Add(summary);
                    await _error.WriteLineAsync(FormattableString.Invariant(
                        $"{summary.Outcomes.Ok} ok, {summary.Outcomes.Rejected} rejected, {summary.Outcomes.Failed} errors in {summary.Wall.TotalSeconds:F1} s"));
                }
            }
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            await _error.WriteLineAsync("\ncancelled; no report written");
            await PrintAsync(summaries, run.Baseline);
            return 130;
        }

        await PrintAsync(summaries, run.Baseline);
        if (_options.Out is { } path)
        {
            await EmbedReport.AppendAsync(path, run, summaries, CancellationToken.None);
            await _error.WriteLineAsync($"report appended to {Path.GetFullPath(path)}");
        }

        return 0;
    }

    /// <summary>Every model of --model, ready and an embedding model; null (reasons written) otherwise.</summary>
    private async Task<IReadOnlyList<ModelInfo>?> FindModelsAsync(CancellationToken cancellationToken)
    {
        if (await ModelCatalog.LoadAsync(_channel, _options.Server, _error, cancellationToken) is not { } catalog)
        {
            return null;
        }

        // Check them all, so one run names every model that cannot be used.
        var models = new List<ModelInfo>();
        var unusable = false;
        foreach (var id in _options.ModelIds)
        {
            if (await catalog.FindReadyAsync(id, ModelKind.Embedding) is { } model)
            {
                models.Add(model);
            }
            else
            {
                unusable = true;
            }
        }

        return unusable ? null : models;
    }

    private async Task<bool> WarmUpAsync(EmbedLevelRunner runner, CancellationToken cancellationToken)
    {
        if (_options.Warmup == 0)
        {
            return true;
        }

        await _error.WriteAsync($"{runner.Model}: warmup ({_options.Warmup} calls)... ");
        var results = await runner.WarmUpAsync(_options.Warmup, cancellationToken);
        return await Warmup.CheckAsync(_error, results, $"call to {runner.Model}");
    }

    private async Task PrintAsync(IReadOnlyList<EmbedSummary> summaries, string baseline)
    {
        if (summaries.Count == 0)
        {
            return;
        }

        await TitledTables.WriteTextAsync(_out, EmbedSections.Tables(summaries, baseline));
        await _out.WriteLineAsync();
        foreach (var note in EmbedSections.Notes(summaries, baseline))
        {
            await _out.WriteLineAsync(note);
        }
    }
}
