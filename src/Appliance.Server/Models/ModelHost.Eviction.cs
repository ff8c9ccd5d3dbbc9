using Appliance.Core.Models;

namespace Appliance.Server.Models;

/// <summary>Idle eviction of the models whose manifest says <c>evictable: true</c>.</summary>
public sealed partial class ModelHost
{
    /// <summary>
    /// Unloads every evictable model that is ready, has no call waiting or running, served no call
    /// for <paramref name="evictAfter"/> and no urgent call for <paramref name="urgentGrace"/>.
    /// It loads again on the next call. Returns the ids evicted.
    /// </summary>
    public async Task<IReadOnlyList<string>> EvictIdleAsync(TimeSpan evictAfter, TimeSpan urgentGrace, CancellationToken cancellationToken)
    {
        var evicted = new List<string>();
        foreach (var entry in _ordered.Where(e => e.Manifest is { Evictable: true } && Idle(e, evictAfter, urgentGrace)))
        {
            var done = await Gated(entry, async token =>
            {
                if (!Idle(entry, evictAfter, urgentGrace))
                {
                    return false; // a call came while the gate was held
                }

                LogEvicting(_logger, entry.Id, evictAfter.TotalMinutes);
                // Waiting calls are never refused: one that slipped in after the check runs before the unload.
                await UnloadCoreAsync(entry, _workerServices.Options.DrainTimeout, refuseWaiting: false, "evicted", token);
                return true;
            }).WaitAsync(cancellationToken);
            if (done)
            {
                evicted.Add(entry.Id);
            }
        }

        return evicted;
    }

    private bool Idle(ModelEntry entry, TimeSpan evictAfter, TimeSpan urgentGrace)
    {
        if (_draining || entry.State is not { State: ModelState.Ready, Worker: { } worker } || worker.WaitingCount > 0 || worker.RunningCount > 0)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        var urgent = entry.LastUrgentCall;
        return _time.GetElapsedTime(entry.LastCall, now) >= evictAfter
            && (urgent == 0 || _time.GetElapsedTime(urgent, now) >= urgentGrace);
    }

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Model {ModelId}: idle for {Minutes:F1} min, evicting it (it loads again on the next call)")]
    private static partial void LogEvicting(ILogger logger, string modelId, double minutes);
}
