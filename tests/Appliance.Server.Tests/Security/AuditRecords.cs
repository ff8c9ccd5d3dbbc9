using Appliance.Core.Audit;

namespace Appliance.Server.Tests.Security;

/// <summary>Reads a live server's audit folder.</summary>
internal static class AuditRecords
{
    public static async Task<List<AuditRecord>> ReadAsync(string directory)
    {
        var records = new List<AuditRecord>();
        foreach (var file in TestAuditChain.Files(directory))
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
    public static Task<AuditRecord> WaitForEndAsync(string directory, string clientRequestId) =>
        Bounded.ObjectAsync(
            async _ => (await ReadAsync(directory)).LastOrDefault(r => r.Event == "end" && r.ClientRequestId == clientRequestId),
            $"the end record of {clientRequestId}",
            interval: TimeSpan.FromMilliseconds(100));
}
