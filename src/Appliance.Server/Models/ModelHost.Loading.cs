using Appliance.Catalog.Manifests;
using Appliance.Core.Errors;
using Appliance.Core.Models;
using Appliance.Scheduling;
using Appliance.Scheduling.Batching;

namespace Appliance.Server.Models;

/// <summary>Verifying and loading one model, and starting the worker its kind needs.</summary>
public sealed partial class ModelHost
{
    private async Task LoadOneAsync(ModelEntry entry, ModelManifest manifest, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            LogVerifying(_logger, manifest.Id, manifest.FilePath);
            var verified = await ModelFileVerifier.VerifyAsync(manifest, progress: null, cancellationToken);
            if (!verified.IsOk)
            {
                Fail(entry, verified.Describe());
                return;
            }

            var state = await StartWorkerAsync(manifest, cancellationToken);
            if (_draining)
            {
                // Loaded just as shutdown began: never publish it as serving.
                await DisposeWorkersAsync(state);
                Fail(entry, "the appliance is shutting down");
                return;
            }

            var loadDuration = _time.GetElapsedTime(started);
            state = state with { LoadDuration = loadDuration };
            entry.Set(state);
            if (_draining)
            {
                // Drain began while the entry was being published: BeginDrain may have missed it.
                StopAccepting(state);
            }

            lock (_monitors)
            {
                _monitors.Add(Monitor(entry, state));
            }

            LogReady(_logger, manifest.Id, loadDuration.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail(entry, "loading was cancelled by shutdown");
        }
        catch (ModelUnavailableException ex)
        {
            // The engine says why it cannot run as configured (e.g. CUDA asked for and absent).
            Fail(entry, ex.Reason);
        }
        catch (Exception ex)
        {
            LogLoadFailed(_logger, ex, manifest.Id);
            Fail(entry, $"the engine could not load it: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Loads the engine the manifest's kind and format need and starts its worker.</summary>
    private async Task<ModelRuntimeState> StartWorkerAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        switch (manifest.Kind)
        {
            case ModelKind.TextGeneration:
            {
                var engine = await _loader.LoadAsync(manifest, cancellationToken);
                var worker = new ModelWorker(manifest.Id, engine, _schedulerOptions, _time, _loggers.CreateLogger<ModelWorker>(), _observer);
                worker.Start();
                return new ModelRuntimeState(ModelState.Ready, Worker: worker, Backend: engine.Backend);
            }

            case ModelKind.Embedding:
            {
                var loader = _embeddingLoaders.FirstOrDefault(l => l.Format == manifest.Format)
                    ?? throw new ModelUnavailableException(manifest.Id, $"this build has no engine for {manifest.Format} embedding models");
                var engine = await loader.LoadAsync(manifest, cancellationToken);
                var worker = new EmbeddingWorker(manifest.Id, engine, Limits(manifest), _schedulerOptions, _time, _loggers.CreateLogger<EmbeddingWorker>(), _observer);
                worker.Start();
                return new ModelRuntimeState(ModelState.Ready, Backend: engine.Backend, Embeddings: worker);
            }

            default:
            {
                var loader = _tensorLoader ?? throw new ModelUnavailableException(manifest.Id, "this build has no engine for tensor models");
                var engine = await loader.LoadAsync(manifest, cancellationToken);
                var worker = new TensorWorker(manifest.Id, engine, Limits(manifest), _schedulerOptions, _time, _loggers.CreateLogger<TensorWorker>(), _observer);
                worker.Start();
                return new ModelRuntimeState(ModelState.Ready, Backend: engine.Backend, Tensors: worker);
            }
        }
    }

    private static BatchLimits Limits(ModelManifest manifest) => new(manifest.MaxBatchSize, manifest.MaxQueueDelay);

    private Task Monitor(ModelEntry entry, ModelRuntimeState state) => state switch
    {
        { Worker: { } w } => MonitorAsync(entry, w.Completion, () => w.Crashed, w),
        { Embeddings: { } e } => MonitorAsync(entry, e.Batcher.Completion, () => e.Batcher.Crashed, e),
        { Tensors: { } t } => MonitorAsync(entry, t.Batcher.Completion, () => t.Batcher.Crashed, t),
        _ => Task.CompletedTask,
    };

    private static void StopAccepting(ModelRuntimeState state)
    {
        state.Worker?.StopAccepting();
        state.Embeddings?.Batcher.StopAccepting();
        state.Tensors?.Batcher.StopAccepting();
    }

    private static async Task DisposeWorkersAsync(ModelRuntimeState state)
    {
        if (state.Worker is { } worker)
        {
            await worker.DisposeAsync();
        }

        if (state.Embeddings is { } embeddings)
        {
            await embeddings.DisposeAsync();
        }

        if (state.Tensors is { } tensors)
        {
            await tensors.DisposeAsync();
        }
    }
}
