using Appliance.Core.Audit;

namespace Appliance.Testing;

/// <summary>Audit records and files for tests: sample records, a sealed chain as the server's writer lays it out, and the files of an audit folder in order.</summary>
public static class TestAuditChain
{
    /// <summary>Record <paramref name="i"/> of a sample call log: start and end events of "his" on model "m".</summary>
    public static AuditRecord Record(int i) => new()
    {
        Event = i % 2 == 0 ? "start" : "end",
        Method = "/appliance.v1.Generation/Complete",
        Client = "his",
        ClientRequestId = "crid-" + i,
        ModelId = "m",
        Authorization = "allowed: api-key 1",
    };

    /// <summary>Writes <paramref name="count"/> sample records to <paramref name="file"/>, sealed and chained from the genesis hash (sequence 1 on), one a line.</summary>
    public static async Task WriteAsync(string file, int count)
    {
        var chain = new List<AuditRecord>();
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, count).Select(i => Append(chain, Record(i))));
    }

    /// <summary>Seals <paramref name="record"/> as the next of <paramref name="chain"/> (sequence 1 and the genesis hash when it is empty), adds it, and returns its line.</summary>
    public static string Append(List<AuditRecord> chain, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var (sealedRecord, line) = AuditChain.Seal(record with
        {
            Sequence = chain.Count == 0 ? 1 : chain[^1].Sequence + 1,
            Prev = chain.Count == 0 ? AuditRecord.GenesisHash : chain[^1].Hash!,
        });
        chain.Add(sealedRecord);
        return line;
    }

    /// <summary>The audit files (<c>audit-*.jsonl</c>) of <paramref name="directory"/> in chain order; none when it does not exist.</summary>
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "audit-*.jsonl").Order(StringComparer.Ordinal).ToList() : [];
}
