namespace Appliance.Core.Audit;

/// <summary>Outcome of <see cref="AuditChainVerifier"/>: the records checked, and the first failure if any.</summary>
/// <param name="Records">Records checked (up to the first failure).</param>
/// <param name="Failure">The first broken record or missing range, or null when the whole chain is intact and complete.</param>
/// <param name="Notes">Things worth knowing that do not break the chain (a torn last line after a crash, anchors older than retention).</param>
public sealed record AuditVerifyResult(long Records, AuditVerifyFailure? Failure, IReadOnlyList<string> Notes)
{
    /// <summary>True when every record and link checked out, and nothing is missing at either end.</summary>
    public bool IsOk => Failure is null;

    /// <summary>Sequence of the first record checked, or null when there was none.</summary>
    public long? First { get; init; }

    /// <summary>The last record checked (the head of the log as given), or null when there was none.</summary>
    public AuditAnchor? Head { get; init; }

    /// <summary>When the chain starts after sequence 1: the retention checkpoint that accounts for it (only on success).</summary>
    public AuditRetention? Retention { get; init; }

    /// <summary>Anchors the log was checked against (only on success).</summary>
    public int AnchorsChecked { get; init; }
}
