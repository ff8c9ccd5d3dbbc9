using System.Globalization;

namespace Appliance.Core.Audit;

/// <summary>
/// A point of the chain recorded off the box: a record's sequence and hash, written
/// <c>SEQ:HASH</c> (the server's chain head, as <c>appliancectl audit head</c> prints it). A log
/// verified against an anchor must reach that sequence, and its record there must have that hash.
/// </summary>
/// <param name="Sequence">The record's sequence (0: the head of a log with no records yet).</param>
/// <param name="Hash">The record's hash, lowercase hex (<see cref="AuditRecord.GenesisHash"/> for sequence 0).</param>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    /// <summary>How an anchor is written, for messages.</summary>
    public const string Format = "SEQ:HASH (a sequence number, a colon and 64 hex digits)";

    /// <summary>The head of a log with no records yet.</summary>
    public static AuditAnchor Empty { get; } = new(0, AuditRecord.GenesisHash);

    /// <summary>Parses <c>SEQ:HASH</c>; null when <paramref name="text"/> is not one (see <see cref="Format"/>).</summary>
    public static AuditAnchor? TryParse(string? text)
    {
        var parts = text?.Trim().Split(':') ?? [];
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || parts[1].Length != AuditRecord.GenesisHash.Length
            || !parts[1].All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return new AuditAnchor(sequence, parts[1].ToLowerInvariant());
    }

    /// <summary>The anchor of a sealed record.</summary>
    public static AuditAnchor Of(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditAnchor(record.Sequence, record.Hash ?? throw new ArgumentException("the record is not sealed", nameof(record)));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Sequence}:{Hash}");
}
