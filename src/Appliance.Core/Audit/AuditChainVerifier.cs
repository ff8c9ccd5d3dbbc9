namespace Appliance.Core.Audit;

/// <summary>
/// Checks audit files, in the order given, as one chain: each record's hash over its own bytes,
/// each <c>prev</c> against the previous record's hash, each sequence number against the
/// previous plus one. The first record's <c>prev</c> is taken as given (older files may have been
/// removed by retention). A file's last line without a newline that does not parse is a crash
/// mid-write: noted, not a failure (the writer starts a new file chained to the last whole record).
/// </summary>
public static class AuditChainVerifier
{
    /// <summary>The record's bytes do not hash to its <c>hash</c>.</summary>
    public const string HashMismatch = "hash mismatch (record edited)";

    /// <summary>The record's <c>prev</c> is not the previous record's hash.</summary>
    public const string PrevMismatch = "prev does not match the previous record (record deleted or reordered)";

    /// <summary>The line is not a sealed audit record.</summary>
    public const string Malformed = "malformed JSON";

    /// <summary>Verifies <paramref name="files"/> as one chain; stops at the first broken record.</summary>
    public static async Task<AuditVerifyResult> VerifyAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var notes = new List<string>();
        long count = 0;
        AuditRecord? previous = null;
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            var lines = text.Split('\n');

            // A complete file ends with a newline, so the last element is empty; anything else is a torn tail.
            var last = lines.Length - 1;
            for (var i = 0; i < lines.Length; i++)
            {
                if (i == last && lines[i].Length == 0)
                {
                    break;
                }

                var record = AuditChain.TryParse(lines[i], out var computed);
                if (record is null)
                {
                    if (i == last)
                    {
                        notes.Add($"{file}:{i + 1}: torn last line (crash mid-write), ignored");
                        break;
                    }

                    return new AuditVerifyResult(count, new AuditVerifyFailure(file, i + 1, null, Malformed), notes);
                }

                var failure = Check(record, computed!, previous);
                if (failure is not null)
                {
                    return new AuditVerifyResult(count, new AuditVerifyFailure(file, i + 1, record.Sequence, failure), notes);
                }

                previous = record;
                count++;
            }
        }

        return new AuditVerifyResult(count, null, notes);
    }

    private static string? Check(AuditRecord record, string computed, AuditRecord? previous)
    {
        if (!string.Equals(record.Hash, computed, StringComparison.Ordinal))
        {
            return HashMismatch;
        }

        if (previous is null)
        {
            return null;
        }

        if (!string.Equals(record.Prev, previous.Hash, StringComparison.Ordinal))
        {
            return PrevMismatch;
        }

        return record.Sequence == previous.Sequence + 1
            ? null
            : $"sequence {record.Sequence} does not follow {previous.Sequence}";
    }
}
