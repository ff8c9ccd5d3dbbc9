using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Core.Audit;

/// <summary>
/// The canonical form and hash of <see cref="AuditRecord"/>s, shared by the writer (server) and
/// the verifier (appliancectl). Canonical JSON: compact, properties in declaration order, nulls
/// omitted, the default (ASCII-safe) escaping. The hash is the SHA-256 of the exact UTF-8 text
/// of the canonical JSON without <c>hash</c>; the line written is that text with
/// <c>,"hash":"&lt;hex&gt;"</c> spliced in before the closing brace, so a verifier recomputes
/// the hash from the bytes on disk without re-serialising (no round-trip ambiguity).
/// </summary>
public static class AuditChain
{
    private const string HashMember = ",\"hash\":\"";

    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>Serialises <paramref name="record"/> (whose hash is ignored) and returns the sealed record and its line (no newline).</summary>
    public static (AuditRecord Record, string Line) Seal(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var canonical = JsonSerializer.Serialize(record with { Hash = null }, Options);
        var hash = HashOf(canonical);
        var line = string.Concat(canonical.AsSpan(0, canonical.Length - 1), HashMember, hash, "\"}");
        return (record with { Hash = hash }, line);
    }

    /// <summary>Parses one line; null when it is not a well-formed sealed record.</summary>
    /// <param name="line">The line, without its newline.</param>
    /// <param name="computedHash">The hash recomputed from the line's bytes (compare with the record's).</param>
    public static AuditRecord? TryParse(string line, out string? computedHash)
    {
        ArgumentNullException.ThrowIfNull(line);
        computedHash = null;
        var at = line.LastIndexOf(HashMember, StringComparison.Ordinal);
        if (at < 0 || !line.EndsWith("\"}", StringComparison.Ordinal))
        {
            return null;
        }

        AuditRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<AuditRecord>(line, Options);
        }
        catch (JsonException)
        {
            return null;
        }

        if (record?.Hash is null)
        {
            return null;
        }

        computedHash = HashOf(string.Concat(line.AsSpan(0, at), "}"));
        return record;
    }

    private static string HashOf(string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
}
