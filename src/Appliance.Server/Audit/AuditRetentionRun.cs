using Appliance.Core.Audit;

namespace Appliance.Server.Audit;

/// <summary>
/// One run of retention: deletes the expired audit files and decides the checkpoint that tells a
/// verifier the records before the first one kept were removed by retention, not by someone else.
/// </summary>
internal static class AuditRetentionRun
{
    /// <summary>
    /// Deletes files older than <paramref name="retentionDays"/> (never <paramref name="current"/>). When
    /// that removed records, returns a checkpoint naming the first record kept: the oldest file's first
    /// record, or the checkpoint itself when no record is left (it is then chained after
    /// <paramref name="written"/>). Null when nothing was deleted or the chain still starts at its genesis.
    /// </summary>
    public static async Task<AuditRecord?> DeleteExpiredAsync(
        string directory, DateTimeOffset now, int retentionDays, string? current, AuditAnchor written, ILogger logger, CancellationToken cancellationToken)
    {
        var deleted = AuditFiles.DeleteExpired(directory, now, retentionDays, current);
        foreach (var file in deleted)
        {
            AuditLogMessages.Deleted(logger, file);
        }

        if (deleted.Count == 0)
        {
            return null;
        }

        var kept = await AuditFiles.ReadFirstRecordAsync(directory, cancellationToken);
        if ((kept is not null && AuditCheckpoint.IsGenesis(kept)) || (kept is null && written.Sequence == 0))
        {
            return null;
        }

        var checkpoint = kept is null
            ? AuditCheckpoint.Create(written.Sequence + 1, written.Hash)
            : AuditCheckpoint.Create(kept.Sequence, kept.Prev);
        AuditLogMessages.RetentionCheckpoint(logger, checkpoint.KeptSequence!.Value);
        return checkpoint;
    }
}
