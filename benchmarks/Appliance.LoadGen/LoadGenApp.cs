using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.LoadGen;

/// <summary>One run: look the model up, warm up, run each concurrency level, print and write the report.</summary>
internal sealed class LoadGenApp
{
    private readonly GrpcChannel _channel;
    private readonly LoadGenOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public LoadGenApp(GrpcChannel channel, LoadGenOptions options, TextWriter output, TextWriter error)
    {
        _channel = channel;
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

        var levels = new LevelRunner(new RequestRunner(new Generation.GenerationClient(_channel), _options), _options);
        var summaries = new List<LevelSummary>();
        try
        {
            if (!await WarmUpAsync(levels, cancellationToken))
            {
                return 1;
            }

            foreach (var load in _options.Levels)
            {
                await _error.WriteAsync(load.IsOpenLoop ? $"{load.Name} (open loop)... " : $"{load.Cell} stream(s) in flight... ");
                var summary = LevelSummary.From(await levels.RunAsync(load, cancellationToken), _options.CacheHitTokens);
                summaries.Add(summary);
                await _error.WriteLineAsync(FormattableString.Invariant(
                    $"{summary.Ok} ok, {summary.Failed} failed, {summary.Rejected} rejected in {summary.Wall.TotalSeconds:F1} s"));
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
        if (_options.Out is { } path)
        {
            await MarkdownReport.AppendAsync(path, run, summaries, CancellationToken.None);
            await _error.WriteLineAsync($"report appended to {Path.GetFullPath(path)}");
        }

        return 0;
    }

    private async Task<ModelInfo?> FindModelAsync(CancellationToken cancellationToken)
    {
        ListModelsResponse response;
        try
        {
            var client = new Models.ModelsClient(_channel);
            response = await client.ListModelsAsync(
                new ListModelsRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A connection failure's reason ("Connection refused") is in the innermost exception.
            var cause = exception.Status.DebugException;
            while (cause?.InnerException is not null)
            {
                cause = cause.InnerException;
            }

            await _error.WriteLineAsync($"error: ListModels at {_options.Server}: {exception.StatusCode}: {cause?.Message ?? exception.Status.Detail}");
            await _error.WriteLineAsync("hint: is the server running? dotnet run --project src/Appliance.Server");
            return null;
        }

        var model = response.Models.FirstOrDefault(m => m.Id == _options.Model);
        if (model is null)
        {
            var known = string.Join(", ", response.Models.Select(m => m.Id));
            await _error.WriteLineAsync($"error: no model '{_options.Model}' on {_options.Server}; configured: {(known.Length > 0 ? known : "none")}");
            return null;
        }

        if (model.State == ModelState.Failed)
        {
            await _error.WriteLineAsync($"error: model '{model.Id}' failed to load: {model.FailureReason}");
            return null;
        }

        if (model.State != ModelState.Ready)
        {
            await _error.WriteLineAsync($"error: model '{model.Id}' is not ready ({model.State})");
            await _error.WriteLineAsync($"hint: appliancectl health --model {model.Id} --wait 300");
            return null;
        }

        return model;
    }

    private async Task<bool> WarmUpAsync(LevelRunner levels, CancellationToken cancellationToken)
    {
        if (_options.Warmup == 0)
        {
            return true;
        }

        await _error.WriteAsync($"warmup ({_options.Warmup} requests)... ");
        var results = await levels.WarmUpAsync(_options.Warmup, cancellationToken);
        var failed = results.Where(r => r.Outcome != RequestOutcome.Ok).ToList();
        await _error.WriteLineAsync($"{results.Count - failed.Count} ok, {failed.Count} not ok");
        if (failed.Count == results.Count)
        {
            await _error.WriteLineAsync($"error: every warmup request failed ({failed[0].Failure}); not measuring");
            return false;
        }

        return true;
    }

    private async Task PrintAsync(IReadOnlyList<LevelSummary> summaries)
    {
        foreach (var (title, table) in ReportSections.From(summaries, _options))
        {
            await _out.WriteLineAsync();
            if (title is not null)
            {
                await _out.WriteLineAsync(title + ":");
            }

            await _out.WriteAsync(table.ToText());
        }

        foreach (var level in summaries.Where(l => l.Failures.Count > 0))
        {
            await _out.WriteLineAsync($"{level.Load.Name}, not ok: {MarkdownReport.FormatFailures(level)}");
        }
    }
}
