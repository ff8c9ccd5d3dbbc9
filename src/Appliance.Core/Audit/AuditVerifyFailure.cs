namespace Appliance.Core.Audit;

/// <summary>Where and why the chain breaks.</summary>
/// <param name="File">The file holding the record.</param>
/// <param name="Line">1-based line number in that file.</param>
/// <param name="Sequence">The record's sequence number, when it could be read.</param>
/// <param name="Reason">What is wrong, e.g. <see cref="AuditChainVerifier.HashMismatch"/>.</param>
public sealed record AuditVerifyFailure(string File, int Line, long? Sequence, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{File}:{Line}: record {(Sequence is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}: {Reason}";
}
