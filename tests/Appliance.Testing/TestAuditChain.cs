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
        var prev = AuditRecord.GenesisHash;
        var lines = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (sealedRecord, line) = AuditChain.Seal(Record(i) with { Sequence = i + 1, Prev = prev });
            prev = sealedRecord.Hash!;
            lines.Add(line);
        }

        await File.WriteAllLinesAsync(file, lines);
    }

    /// <summary>The audit files (<c>audit-*.jsonl</c>) of <paramref name="directory"/> in chain order; none when it does not exist.</summary>
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "audit-*.jsonl").Order(StringComparer.Ordinal).ToList() : [];
}
