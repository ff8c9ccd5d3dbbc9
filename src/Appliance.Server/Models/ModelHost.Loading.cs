using Appliance.Catalog.Manifests;
using Appliance.Core.Errors;
using Appliance.Core.Models;

namespace Appliance.Server.Models;

/// <summary>Verifying and loading one model, and starting the worker its kind's factory builds.</summary>
public sealed partial class ModelHost
{
    private async Task LoadOneAsync(ModelEntry entry, ModelManifest manifest, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var fits = _budget.Check(manifest, ResidentManifests(except: entry));
            if (!fits.Fits)
            {
                Fail(entry, fits.Refusal ?? "it does not fit in the memory budget", $"it does not fit in the memory budget; {DetailsForIt}");
                return;
            }

            LogVerifying(_logger, manifest.Id, manifest.FilePath);
            var verified = await ModelFileVerifier.VerifyAsync(manifest, progress: null, cancellationToken);
            if (!verified.IsOk)
            {
                Fail(entry, verified.Describe(), $"it failed its integrity check (a file is missing or its sha256 does not match the manifest); {DetailsForIt}");
                return;
            }

            var created = await StartWorkerAsync(manifest, cancellationToken);
            var worker = created.Worker;
            if (_draining)
            {
                // Loaded just as shutdown began: never publish it as serving.
                await worker.DisposeAsync();
                Fail(entry, "the appliance is shutting down");
                return;
            }

            var loadDuration = _time.GetElapsedTime(started);
            entry.Set(new ModelRuntimeState(ModelState.Ready, Worker: worker, Backend: created.Backend, LoadDuration: loadDuration, Traits: created.Traits));
            if (_draining)
            {
                // Drain began while the entry was being published: BeginDrain may have missed it.
                worker.StopAccepting();
            }

            lock (_monitors)
            {
                _monitors.Add(MonitorAsync(entry, worker));
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
            Fail(entry, $"the engine could not load it: {ex.GetType().Name}: {ex.Message}", $"the engine could not load it; {DetailsForIt}");
        }
    }

    /// <summary>Manifests of every model holding memory now (a worker running), <paramref name="except"/> left out.</summary>
    private List<ModelManifest> ResidentManifests(ModelEntry except) =>
        [.. _ordered.Where(e => e != except && e.Manifest is not null && e.State.Worker is not null)
            .Select(e => e.Manifest!)];

    /// <summary>Has the factory of the manifest's kind load the engine and build the worker, then starts it.</summary>
    private async Task<CreatedWorker> StartWorkerAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        var factory = _factories.FirstOrDefault(f => f.Kind == manifest.Kind)
            ?? throw new ModelUnavailableException(manifest.Id, $"this build has no engine for {manifest.Kind.ToString().ToLowerInvariant()} models");
        var created = await factory.CreateAsync(manifest, _workerServices, cancellationToken);
        created.Worker.Start();
        return created;
    }
}
