using Appliance.Core.Audit;
using Appliance.Server.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Server.Tests.Audit;

/// <summary>A fresh temp audit folder, a fake clock starting 2025-06-30 12:00 UTC, and helpers to write records.</summary>
public sealed class AuditFolder : IDisposable
{
    private readonly TempFolder _folder = new("appliance-test-audit");

    public string Path => _folder.Path;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));

    public IReadOnlyList<string> Files => TestAuditChain.Files(Path);

    internal AuditLog CreateLog(long maxFileBytes = 64L * 1024 * 1024, int retentionDays = 180, ILogger<AuditLog>? logger = null) =>
        new(Options.Create(new AuditOptions { Directory = Path, MaxFileBytes = maxFileBytes, RetentionDays = retentionDays }), Time, logger ?? NullLogger<AuditLog>.Instance);

    /// <summary>Starts a log, writes <paramref name="count"/> sample records (<see cref="TestAuditChain.Record"/>), and disposes it (flush).</summary>
    internal async Task WriteAsync(int count, long maxFileBytes = 64L * 1024 * 1024)
    {
        await using var log = CreateLog(maxFileBytes);
        await log.StartAsync(CancellationToken.None).Within();
        for (var i = 0; i < count; i++)
        {
            log.Write(TestAuditChain.Record(i));
        }
    }

    public Task<AuditVerifyResult> VerifyAsync() => AuditChainVerifier.VerifyAsync(Files, CancellationToken.None).Within();

    public void Dispose() => _folder.Dispose();
}
