using Appliance.Catalog.Manifests;
using Appliance.Core.Errors;
using Appliance.Core.Models;
using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>Verifying and loading one model, and starting the worker its kind's factory builds.</summary>
public sealed partial class ModelHost
{
    /// <summary>
    /// Loads <paramref name="manifest"/> as the entry's serving version: LOADING with a percentage,
    /// then READY, or FAILED with the reason. The caller holds the entry's gate.
    /// </summary>
    private async Task<bool> LoadOneAsync(ModelEntry entry, ModelManifest manifest, CancellationToken cancellationToken)
    {
        entry.Set(new ModelRuntimeState(ModelState.Loading, LoadPercent: 0));
        PublishHealth();
        var progress = new LoadPercent(entry);
        var attempt = await LoadWorkerAsync(manifest, ResidentManifests(except: entry), progress, cancellationToken);
        if (attempt.Created is not { } created)
        {
            Fail(entry, attempt.Reason!, attempt.CallerReason, attempt.Refused);
            _lifecycle.OnLoad(entry.Id, attempt.Refused ? "refused" : "failed");
            return false;
        }

        Serve(entry, manifest, created, attempt.Duration);
        _lifecycle.OnLoad(entry.Id, "ready");
        LogReady(_logger, manifest.Id, attempt.Duration.TotalSeconds);
        return true;
    }

    /// <summary>Publishes a started worker as the entry's serving version (new calls go to it from now on).</summary>
    private void Serve(ModelEntry entry, ModelManifest manifest, CreatedWorker created, TimeSpan loadDuration)
    {
        var worker = created.Worker;
        entry.Set(new ModelRuntimeState(ModelState.Ready, Worker: worker, Backend: created.Backend, LoadDuration: loadDuration, Traits: created.Traits, Serving: manifest));
        if (_draining)
        {
            // Drain began while the entry was being published: BeginDrain may have missed it.
            worker.StopAccepting();
        }

        entry.Touch(_time.GetTimestamp(), urgent: false); // idle time counts from the load
        Monitor(entry, worker);
        PublishHealth();
    }

    /// <summary>
    /// Asks the memory budget, verifies the files (first half of <paramref name="progress"/>), has
    /// the kind's factory load the engine (second half) and starts the worker. Publishes nothing:
    /// the caller decides whether the worker serves at once (a load) or after a switch (a swap).
    /// </summary>
    private async Task<LoadAttempt> LoadWorkerAsync(ModelManifest manifest, IReadOnlyList<ModelManifest> resident, LoadPercent? progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var fits = _budget.Check(manifest, resident);
            if (!fits.Fits)
            {
                return LoadAttempt.Failed(fits.Refusal ?? "it does not fit in the memory budget", $"it does not fit in the memory budget; {DetailsForIt}", refused: true);
            }

            LogVerifying(_logger, manifest.Id, manifest.FilePath);
            var verified = await ModelFileVerifier.VerifyAsync(manifest, progress?.Verifying, cancellationToken);
            if (!verified.IsOk)
            {
                return LoadAttempt.Failed(verified.Describe(), $"it failed its integrity check (a file is missing or its sha256 does not match the manifest); {DetailsForIt}");
            }

            var created = await StartWorkerAsync(manifest, progress?.Loading, cancellationToken);
            if (_draining)
            {
                // Loaded just as shutdown began: never publish it as serving.
                await created.Worker.DisposeAsync();
                return LoadAttempt.Failed("the appliance is shutting down");
            }

            return new LoadAttempt(created, _time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return LoadAttempt.Failed(_draining ? "loading was cancelled by shutdown" : "loading was cancelled");
        }
        catch (ModelUnavailableException ex)
        {
            // The engine says why it cannot run as configured (e.g. CUDA asked for and absent).
            return LoadAttempt.Failed(ex.Reason);
        }
        catch (Exception ex)
        {
            LogLoadFailed(_logger, ex, manifest.Id);
            return LoadAttempt.Failed($"the engine could not load it: {ex.GetType().Name}: {ex.Message}", $"the engine could not load it; {DetailsForIt}");
        }
    }

    /// <summary>Manifests of every model holding memory now (a worker running, or an old version still draining), <paramref name="except"/>'s serving version left out.</summary>
    private List<ModelManifest> ResidentManifests(ModelEntry except)
    {
        var resident = new List<ModelManifest>();
        foreach (var e in _ordered)
        {
            if (e != except && e.State is { Worker: not null } state && (state.Serving ?? e.Manifest) is { } serving)
            {
                resident.Add(serving);
            }

            if (e.Retiring is { } retiring)
            {
                resident.Add(retiring);
            }
        }

        return resident;
    }

    /// <summary>Has the factory of the manifest's kind load the engine and build the worker, then starts it.</summary>
    private async Task<CreatedWorker> StartWorkerAsync(ModelManifest manifest, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        var factory = _factories.FirstOrDefault(f => f.Kind == manifest.Kind)
            ?? throw new ModelUnavailableException(manifest.Id, $"this build has no engine for {manifest.Kind.ToString().ToLowerInvariant()} models");
        var created = await factory.CreateAsync(manifest, _workerServices, progress, cancellationToken);
        created.Worker.Start();
        return created;
    }

    /// <summary>What one load attempt gave: a started worker, or why not.</summary>
    private sealed record LoadAttempt(CreatedWorker? Created, TimeSpan Duration, string? Reason = null, string? CallerReason = null, bool Refused = false)
    {
        public static LoadAttempt Failed(string reason, string? callerReason = null, bool refused = false) =>
            new(null, TimeSpan.Zero, reason, callerReason, refused);
    }

    /// <summary>
    /// Turns the two phases' progress into the entry's LOADING percentage: the sha256 check is
    /// 0-50 %, the engine's load 50-100 %. Only ever forward, whatever thread reports.
    /// </summary>
    private sealed class LoadPercent(ModelEntry entry)
    {
        private int _percent;

        public IProgress<ModelVerifyProgress> Verifying => new Reporter(fraction => Set(fraction / 2));

        public IProgress<float> Loading => new Reporter(fraction => Set(0.5 + (fraction / 2)));

        private void Set(double fraction)
        {
            var percent = (int)Math.Clamp(fraction * 100, 0, 99);
            int seen;
            do
            {
                seen = Volatile.Read(ref _percent);
                if (percent <= seen)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _percent, percent, seen) != seen);

            if (entry.State is { State: ModelState.Loading } state)
            {
                entry.Set(state with { LoadPercent = percent });
            }
        }

        private sealed class Reporter(Action<double> set) : IProgress<ModelVerifyProgress>, IProgress<float>
        {
            public void Report(ModelVerifyProgress value) => set(value.Fraction);

            public void Report(float value) => set(value);
        }
    }
}
