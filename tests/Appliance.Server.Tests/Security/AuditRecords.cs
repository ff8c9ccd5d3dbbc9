using Appliance.Core.Audit;

namespace Appliance.Server.Tests.Security;

/// <summary>Reads a live server's audit folder.</summary>
internal static class AuditRecords
{
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "audit-*.jsonl").Order(StringComparer.Ordinal).ToList() : [];

    public static async Task<List<AuditRecord>> ReadAsync(string directory)
    {
        var records = new List<AuditRecord>();
        foreach (var file in Files(directory))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync() is { } line)
            {
                if (AuditChain.TryParse(line, out _) is { } record)
                {
                    records.Add(record);
                }
            }
        }

        return records;
    }

    /// <summary>The end record of the call with <paramref name="clientRequestId"/>, once the writer has flushed it (10 s at most).</summary>
    public static async Task<AuditRecord> WaitForEndAsync(string directory, string clientRequestId)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var end = (await ReadAsync(directory)).LastOrDefault(r => r.Event == "end" && r.ClientRequestId == clientRequestId);
            if (end is not null)
            {
                return end;
            }

            Assert.True(DateTime.UtcNow < until, $"no end record for {clientRequestId} within 10 s");
            await Task.Delay(100);
        }
    }
}
