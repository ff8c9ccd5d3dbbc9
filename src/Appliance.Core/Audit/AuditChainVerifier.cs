namespace Appliance.Core.Audit;

/// <summary>
/// Checks audit files, in the order given, as one chain: each record's hash over its own bytes,
/// each <c>prev</c> against the previous record's hash, each sequence number against the
/// previous plus one. Then completeness at both ends: the first record must start the chain
/// (sequence 1, chained to the genesis hash) or be named by a retention checkpoint
/// (<see cref="AuditCheckpoint"/>) further on; and every anchor recorded off the box
/// (<see cref="AuditAnchor"/>) must be reached, with the same hash. A file's last line without a
/// newline that does not parse is a crash mid-write: noted, not a failure (the writer starts a
/// new file chained to the last whole record).
/// </summary>
public static class AuditChainVerifier
{
    /// <summary>The record's bytes do not hash to its <c>hash</c>.</summary>
    public const string HashMismatch = "hash mismatch (record edited)";

    /// <summary>The record's <c>prev</c> is not the previous record's hash.</summary>
    public const string PrevMismatch = "prev does not match the previous record (record deleted or reordered)";

    /// <summary>The line is not a sealed audit record.</summary>
    public const string Malformed = "malformed JSON";

    /// <summary>Verifies <paramref name="files"/> as one chain, with no anchors; stops at the first broken record.</summary>
    public static Task<AuditVerifyResult> VerifyAsync(IReadOnlyList<string> files, CancellationToken cancellationToken) =>
        VerifyAsync(files, [], cancellationToken);

    /// <summary>Verifies <paramref name="files"/> as one chain that must reach every one of <paramref name="anchors"/>; stops at the first failure.</summary>
    public static async Task<AuditVerifyResult> VerifyAsync(
        IReadOnlyList<string> files, IReadOnlyCollection<AuditAnchor> anchors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(anchors);
        var walk = new ChainWalk(anchors);
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
                        walk.Notes.Add($"{file}:{i + 1}: torn last line (crash mid-write), ignored");
                        break;
                    }

                    return walk.Result(new AuditVerifyFailure(file, i + 1, null, Malformed));
                }

                if (walk.Add(new Located(record, file, i + 1), computed!) is { } failure)
                {
                    return walk.Result(failure);
                }
            }
        }

        return walk.Result(walk.CheckEnds(files.Count > 0 ? files[^1] : string.Empty));
    }

    /// <summary>A record and where it was read.</summary>
    private sealed record Located(AuditRecord Record, string File, int Line)
    {
        public AuditVerifyFailure Fail(string reason) => new(File, Line, Record.Sequence, reason);
    }

    /// <summary>The state of one verification: the records seen so far, the checkpoints and the anchors.</summary>
    private sealed class ChainWalk(IReadOnlyCollection<AuditAnchor> anchors)
    {
        private readonly ILookup<long, AuditAnchor> _anchors = anchors.ToLookup(a => a.Sequence);
        private readonly List<AuditRecord> _checkpoints = [];
        private Located? _first;
        private Located? _last;
        private long _count;
        private AuditRetention? _retention;

        public List<string> Notes { get; } = [];

        public AuditVerifyFailure? Add(Located located, string computed)
        {
            var record = located.Record;
            var reason = Link(record, computed, _last?.Record);
            if (reason is null && _anchors[record.Sequence].FirstOrDefault(a => a.Hash != record.Hash) is { } anchor)
            {
                reason = $"hash differs from anchor {anchor} (the log was rewritten at or before this record)";
            }

            if (reason is not null)
            {
                return located.Fail(reason);
            }

            _first ??= located;
            _last = located;
            _count++;
            if (AuditCheckpoint.Is(record))
            {
                _checkpoints.Add(record);
            }

            return null;
        }

        /// <summary>Completeness: the first record starts the chain or a checkpoint names it; the last reaches every anchor.</summary>
        public AuditVerifyFailure? CheckEnds(string lastFile)
        {
            if (_first is { } first && !AuditCheckpoint.IsGenesis(first.Record))
            {
                var checkpoint = _checkpoints.LastOrDefault(c => c.KeptSequence == first.Record.Sequence && c.KeptPrev == first.Record.Prev);
                if (checkpoint is null)
                {
                    return first.Fail($"{MissingBefore(first.Record.Sequence)} missing: the log starts at sequence {first.Record.Sequence} "
                        + "and no retention checkpoint accounts for the records before it (records deleted at the start, or not every file given?)");
                }

                _retention = new AuditRetention(first.Record.Sequence, checkpoint.Timestamp, checkpoint.Sequence);
            }

            var head = _last?.Record.Sequence ?? 0;
            var beyond = anchors.Where(a => a.Sequence > head).OrderByDescending(a => a.Sequence).FirstOrDefault();
            if (beyond is not null)
            {
                var missing = beyond.Sequence == head + 1 ? $"record {beyond.Sequence}" : $"records {head + 1} to {beyond.Sequence}";
                var reason = $"{missing} missing: the log ends at sequence {head} but anchor {beyond} was recorded (records deleted at the end?)";
                return _last is { } last ? last.Fail(reason) : new AuditVerifyFailure(lastFile, 0, null, reason);
            }

            var firstKept = _first?.Record.Sequence ?? 0;
            foreach (var early in anchors.Where(a => a.Sequence > 0 && a.Sequence < firstKept).OrderBy(a => a.Sequence))
            {
                Notes.Add($"anchor {early} is older than the first record kept ({firstKept}), removed by retention: not checked");
            }

            return null;
        }

        public AuditVerifyResult Result(AuditVerifyFailure? failure) => new(_count, failure, Notes)
        {
            First = _first?.Record.Sequence,
            Head = _last is { } last ? AuditAnchor.Of(last.Record) : null,
            Retention = failure is null ? _retention : null,
            AnchorsChecked = failure is null ? anchors.Count : 0,
        };

        private static string MissingBefore(long sequence) => sequence switch
        {
            <= 1 => "the start of the chain (its first record is not chained to the genesis hash) is",
            2 => "record 1",
            _ => $"records 1 to {sequence - 1}",
        };

        private static string? Link(AuditRecord record, string computed, AuditRecord? previous)
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
}
