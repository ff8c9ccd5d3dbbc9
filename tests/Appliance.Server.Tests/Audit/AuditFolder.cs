using Appliance.Core.Audit;
using Appliance.Server.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Server.Tests.Audit;

/// <summary>A fresh temp audit folder, a fake clock starting 2025-06-30 12:00 UTC, and helpers to write records.</summary>
public sealed class AuditFolder : IDisposable
{
    public AuditFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "appliance-test-audit-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));

    public IReadOnlyList<string> Files => Directory.GetFiles(Path, "audit-*.jsonl").Order(StringComparer.Ordinal).ToList();

    internal AuditLog CreateLog(long maxFileBytes = 64L * 1024 * 1024, int retentionDays = 180) =>
        new(Options.Create(new AuditOptions { Directory = Path, MaxFileBytes = maxFileBytes, RetentionDays = retentionDays }), Time, NullLogger<AuditLog>.Instance);

    public static AuditRecord Record(int i) => new()
    {
        Event = i % 2 == 0 ? "start" : "end",
        Method = "/appliance.v1.Generation/Complete",
        Client = "his",
        ClientRequestId = "crid-" + i,
        ModelId = "m",
        Authorization = "allowed: api-key 1",
    };

    /// <summary>Starts a log, writes <paramref name="count"/> records, and disposes it (flush).</summary>
    internal async Task WriteAsync(int count, long maxFileBytes = 64L * 1024 * 1024)
    {
        await using var log = CreateLog(maxFileBytes);
        await log.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < count; i++)
        {
            log.Write(Record(i));
        }
    }

    public Task<AuditVerifyResult> VerifyAsync() => AuditChainVerifier.VerifyAsync(Files, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
