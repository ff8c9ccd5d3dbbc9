namespace Appliance.Core.Audit;

/// <summary>Outcome of <see cref="AuditChainVerifier"/>: the records checked, and the first broken one if any.</summary>
/// <param name="Records">Records checked (up to the first failure).</param>
/// <param name="Failure">The first broken record, or null when the whole chain is intact.</param>
/// <param name="Notes">Things worth knowing that do not break the chain (a torn last line after a crash).</param>
public sealed record AuditVerifyResult(long Records, AuditVerifyFailure? Failure, IReadOnlyList<string> Notes)
{
    /// <summary>True when every record and link checked out.</summary>
    public bool IsOk => Failure is null;
}
