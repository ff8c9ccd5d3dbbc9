namespace Appliance.Core.Audit;

/// <summary>
/// The retention checkpoint: a record the server appends to the chain when retention deleted
/// audit files, naming the first record kept (its sequence and <c>prev</c>). A chain whose first
/// record is not the genesis record verifies only when a checkpoint names exactly that record, so
/// records removed by retention are told apart from records removed by someone else.
/// </summary>
public static class AuditCheckpoint
{
    /// <summary>The checkpoint's <see cref="AuditRecord.Event"/>.</summary>
    public const string Event = "checkpoint";

    /// <summary>The checkpoint's <see cref="AuditRecord.Method"/>: what wrote it.</summary>
    public const string Method = "retention";

    /// <summary>The checkpoint's <see cref="AuditRecord.Authorization"/>: the server itself, not a caller.</summary>
    public const string Authorization = "server";

    /// <summary>A checkpoint naming the first record kept; the writer stamps, chains and seals it.</summary>
    /// <param name="keptSequence">Sequence of the first record kept.</param>
    /// <param name="keptPrev">That record's <c>prev</c> (the hash of the last record removed).</param>
    public static AuditRecord Create(long keptSequence, string keptPrev) => new()
    {
        Event = Event,
        Method = Method,
        Authorization = Authorization,
        KeptSequence = keptSequence,
        KeptPrev = keptPrev,
    };

    /// <summary>True when <paramref name="record"/> is a retention checkpoint.</summary>
    public static bool Is(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record is { Event: Event, KeptSequence: not null, KeptPrev: not null };
    }

    /// <summary>True when <paramref name="record"/> starts a chain: sequence 1, chained to the genesis hash.</summary>
    public static bool IsGenesis(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Sequence == 1 && string.Equals(record.Prev, AuditRecord.GenesisHash, StringComparison.Ordinal);
    }
}
