using Appliance.Core.Models;

namespace Appliance.Server.Models;

/// <summary>Whether this box would serve a call for one model now: the per-model pools of a balancer (/healthz?model=ID).</summary>
public sealed partial class ModelHost
{
    /// <summary>
    /// Whether a call for <paramref name="modelId"/> would be served now: READY, or AVAILABLE with
    /// <c>load: on_demand</c> (or <c>evictable</c>) and the memory budget letting it load beside the
    /// models resident now (the call loads it). Not: an unknown id, LOADING (calls would wait or be
    /// refused), DRAINING, FAILED, AVAILABLE without on-demand loading, or any model once the box
    /// is leaving the pool or draining. The text names the model only when it is configured here
    /// (an id the box does not know is never echoed: it is the caller's text).
    /// </summary>
    public ModelPoolHealth PoolHealth(string modelId)
    {
        if (Get(modelId) is not { } entry)
        {
            return new ModelPoolHealth(false, "model: UNKNOWN (not configured on this box)");
        }

        var state = entry.State;
        var name = $"model {entry.Id}: {state.State.ToString().ToUpperInvariant()}";
        if (_leftPool || _draining)
        {
            return new ModelPoolHealth(false, $"{name}, but the box is leaving the pool");
        }

        return state.State switch
        {
            ModelState.Ready => new ModelPoolHealth(true, name),
            ModelState.Available when entry.Manifest is { } manifest && (manifest.Load == ModelLoadPolicy.OnDemand || manifest.Evictable) =>
                _budget.Check(manifest, ResidentManifests(except: entry)).Fits
                    ? new ModelPoolHealth(true, $"{name} (loads on demand)")
                    : new ModelPoolHealth(false, $"{name} (loads on demand, but does not fit in the memory budget beside the models loaded now)"),
            ModelState.Available => new ModelPoolHealth(false, $"{name} (not loaded)"),
            _ => new ModelPoolHealth(false, name),
        };
    }
}

/// <summary>Outcome of <see cref="ModelHost.PoolHealth"/>.</summary>
/// <param name="Serving">True when a call for the model would be served now.</param>
/// <param name="Text">One line for the balancer's log and IT: the model id (when configured) and its state; no user content.</param>
public sealed record ModelPoolHealth(bool Serving, string Text);
