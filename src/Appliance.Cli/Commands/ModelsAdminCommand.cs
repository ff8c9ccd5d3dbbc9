using System.Globalization;
using Appliance.Contracts.V1;
using Grpc.Core;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl models load|unload|reload ID</c>: ModelAdmin calls (the credentials must be
/// a client with the admin role). While a load or a swap runs, GetModel is polled and its
/// percentage shown on standard error; the result is one line on standard output.
/// </summary>
public sealed class ModelsAdminCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private readonly CommandContext _context;
    private readonly bool _live;

    /// <summary>Creates the command; <paramref name="live"/>: standard error is a terminal (the progress line is redrawn in place).</summary>
    public ModelsAdminCommand(CommandContext context, bool live = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _live = live;
    }

    /// <summary>LoadModel; exit code per <see cref="ExitCodes"/>.</summary>
    public Task<int> LoadAsync(ModelAdmin.ModelAdminClient admin, Models.ModelsClient models, string modelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        return WithProgressAsync(
            models, modelId, () => admin.LoadModelAsync(new LoadModelRequest { ModelId = modelId }, cancellationToken: cancellationToken).ResponseAsync,
            response => Line(response.LoadSeconds > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{modelId}: ready ({response.LoadSeconds:0.0} s to verify and load), sha256 {response.Model.Sha256}")
                : $"{modelId}: already loaded, sha256 {response.Model.Sha256}"),
            cancellationToken);
    }

    /// <summary>UnloadModel with <paramref name="drainTimeout"/> (the server's default when null).</summary>
    public async Task<int> UnloadAsync(ModelAdmin.ModelAdminClient admin, string modelId, TimeSpan? drainTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var request = new UnloadModelRequest { ModelId = modelId, DrainTimeoutMs = (uint)(drainTimeout?.TotalMilliseconds ?? 0) };
        await _context.Error.WriteLineAsync($"unloading {modelId}: new calls are refused, running ones finish{(drainTimeout is { } t ? string.Create(CultureInfo.InvariantCulture, $" within {t.TotalSeconds:0.###} s") : "")}");
        return await ServerCall.RunAsync(
            _context,
            () => admin.UnloadModelAsync(request, cancellationToken: cancellationToken).ResponseAsync,
            response => Line($"{modelId}: unloaded ({response.WaitingRefused} waiting call(s) refused, {response.RunningFailed} running call(s) failed at the drain timeout)"),
            cancellationToken);
    }

    /// <summary>ReloadModel: the version swap.</summary>
    public Task<int> ReloadAsync(ModelAdmin.ModelAdminClient admin, Models.ModelsClient models, string modelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        return WithProgressAsync(
            models, modelId, () => admin.ReloadModelAsync(new ReloadModelRequest { ModelId = modelId }, cancellationToken: cancellationToken).ResponseAsync,
            response => Line(Describe(modelId, response)),
            cancellationToken);
    }

    /// <summary>The swap in one line: from which version to which, and the gap when there was one.</summary>
    public static string Describe(string modelId, ReloadModelResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var to = response.Model.Sha256;
        if (response.PreviousSha256.Length == 0)
        {
            return $"{modelId}: was not loaded; loaded sha256 {to}";
        }

        if (response.PreviousSha256 == to)
        {
            return $"{modelId}: already on sha256 {to}; nothing to swap";
        }

        return response.DrainedFirst
            ? string.Create(CultureInfo.InvariantCulture, $"{modelId}: swapped {response.PreviousSha256[..12]}… -> {to[..12]}… after draining the old version first (the memory budget holds one: {response.BudgetRefusal}); no version served for {response.GapMs} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{modelId}: swapped {response.PreviousSha256[..12]}… -> {to[..12]}… without a gap (loaded beside the old one in {response.LoadSeconds:0.0} s; calls already running finished on the old one)");
    }

    private async Task<int> WithProgressAsync<T>(
        Models.ModelsClient models, string modelId, Func<Task<T>> call, Func<T, Task<int>> onResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        var line = new ProgressLine(_context.Error, _live);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = ShowProgressAsync(models, modelId, line, stop.Token);
        try
        {
            return await ServerCall.RunAsync(_context, call, onResponse, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await progress;
            await line.ClearAsync();
        }
    }

    /// <summary>Polls GetModel and shows "loading tiny 42 %" while the model loads; ends quietly when cancelled or when GetModel fails.</summary>
    private async Task ShowProgressAsync(Models.ModelsClient models, string modelId, ProgressLine line, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(PollEvery, _context.TimeProvider, cancellationToken);
                var model = (await models.GetModelAsync(new GetModelRequest { ModelId = modelId }, cancellationToken: cancellationToken)).Model;
                if (model.State == ModelState.Loading)
                {
                    var percent = model.LoadPercent.ToString(CultureInfo.InvariantCulture);
                    await line.ShowAsync($"loading {modelId} {percent} %", percent, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException)
        {
            // The call ended (or GetModel is not allowed to these credentials): no more progress to show.
        }
    }

    private async Task<int> Line(string text)
    {
        await _context.Output.WriteLineAsync(text);
        return ExitCodes.Success;
    }
}
