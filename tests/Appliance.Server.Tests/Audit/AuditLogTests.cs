using Appliance.Core.Audit;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests.Audit;

public sealed class AuditLogTests : IDisposable
{
    private readonly AuditFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Write_NRecords_ChainVerifies()
    {
        await _folder.WriteAsync(10);

        var result = await _folder.VerifyAsync();

        Assert.True(result.IsOk, result.Failure?.ToString());
        Assert.Equal(10, result.Records);
        var lines = await File.ReadAllLinesAsync(Assert.Single(_folder.Files));
        Assert.Equal(AuditRecord.GenesisHash, AuditChain.TryParse(lines[0], out _)!.Prev);
        Assert.Contains("\"ts\":\"2025-06-30T12:00:00+00:00\"", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TornLastLine_NewFileContinuesChainAndVerifies()
    {
        await _folder.WriteAsync(3);
        var torn = Assert.Single(_folder.Files);
        await File.AppendAllTextAsync(torn, "{\"v\":1,\"seq\":4,\"ts\":\"2025-06");

        await _folder.WriteAsync(2);

        Assert.Equal(2, _folder.Files.Count);
        var first = AuditChain.TryParse((await File.ReadAllLinesAsync(_folder.Files[1]))[0], out _)!;
        Assert.Equal(4, first.Sequence);
        var result = await _folder.VerifyAsync();
        Assert.True(result.IsOk, result.Failure?.ToString());
        Assert.Equal(5, result.Records);
        Assert.Contains("torn last line", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CleanFile_RestartAppendsAndChainContinues()
    {
        await _folder.WriteAsync(3);
        await _folder.WriteAsync(3);

        var result = await _folder.VerifyAsync();

        Assert.Single(_folder.Files);
        Assert.True(result.IsOk, result.Failure?.ToString());
        Assert.Equal(6, result.Records);
    }

    [Fact]
    public async Task Write_PastMaxFileBytes_RotatesAndChainSpansFiles()
    {
        await _folder.WriteAsync(20, maxFileBytes: 1000);

        Assert.True(_folder.Files.Count >= 4);
        Assert.All(_folder.Files, f => Assert.InRange(new FileInfo(f).Length, 1, 1000));
        Assert.EndsWith("audit-20250630-001.jsonl", _folder.Files[0], StringComparison.Ordinal);
        Assert.EndsWith("audit-20250630-002.jsonl", _folder.Files[1], StringComparison.Ordinal);
        var result = await _folder.VerifyAsync();
        Assert.True(result.IsOk, result.Failure?.ToString());
        Assert.Equal(20, result.Records);
    }

    [Fact]
    public async Task Write_Rotation_LogsTheHeadOfTheClosedFile()
    {
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new CapturingLoggerProvider(logs)));
        await using (var log = _folder.CreateLog(maxFileBytes: 1000, logger: factory.CreateLogger<Appliance.Server.Audit.AuditLog>()))
        {
            await log.StartAsync(CancellationToken.None).Within();
            for (var i = 0; i < 6; i++)
            {
                log.Write(TestAuditChain.Record(i));
            }
        }

        var first = (await File.ReadAllLinesAsync(_folder.Files[0])).Select(l => AuditChain.TryParse(l, out _)!).Last();
        Assert.Contains(logs, l => l.Contains($"Audit log: closed {_folder.Files[0]}; chain head {AuditAnchor.Of(first)}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_UtcDayChanges_RotatesToTheNewDaysFile()
    {
        await using (var log = _folder.CreateLog())
        {
            await log.StartAsync(CancellationToken.None).Within();
            log.Write(TestAuditChain.Record(0));
            _folder.Time.Advance(TimeSpan.FromHours(12));
            log.Write(TestAuditChain.Record(1));
        }

        Assert.Equal(["audit-20250630-001.jsonl", "audit-20250701-001.jsonl"], _folder.Files.Select(Path.GetFileName));
        var result = await _folder.VerifyAsync();
        Assert.True(result.IsOk, result.Failure?.ToString());
        Assert.Equal(2, result.Records);
    }

    [Fact]
    public async Task Start_FilesPastRetention_DeletesOnlyThose()
    {
        string[] names = ["audit-20241201-001.jsonl", "audit-20250101-003.jsonl", "audit-20250620-001.jsonl", "notes.txt"];
        foreach (var name in names)
        {
            await File.WriteAllTextAsync(Path.Combine(_folder.Path, name), "");
        }

        await using (var log = _folder.CreateLog(retentionDays: 180))
        {
            await log.StartAsync(CancellationToken.None).Within();
        }

        var left = Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["audit-20250101-003.jsonl", "audit-20250620-001.jsonl", "notes.txt"], left);
    }

    [Fact]
    public async Task Start_RetentionDeletesTheOldestFile_CheckpointNamesTheFirstKeptAndChainVerifies()
    {
        await _folder.WriteAsync(4); // 2025-06-30: 1-4
        _folder.Time.Advance(TimeSpan.FromDays(1));
        await _folder.WriteAsync(3); // 2025-07-01: 5-7
        _folder.Time.Advance(TimeSpan.FromDays(180));

        await _folder.WriteAsync(2); // retention deletes 2025-06-30 at start: checkpoint 8, then 9-10

        Assert.Equal(["audit-20250701-001.jsonl", "audit-20251228-001.jsonl"], _folder.Files.Select(Path.GetFileName));
        var result = await _folder.VerifyAsync();
        Assert.True(result.IsOk, result.Failure?.ToString());
        Assert.Equal(new AuditRetention(5, _folder.Time.GetUtcNow(), 8), result.Retention);
        Assert.Equal(10, result.Head?.Sequence);
    }

    [Fact]
    public async Task Write_DayChangeRunsRetention_CheckpointPrecedesTheRecordAndHeadFollowsTheDisk()
    {
        await using (var log = _folder.CreateLog(retentionDays: 1))
        {
            await log.StartAsync(CancellationToken.None).Within();
            for (var day = 0; day < 3; day++)
            {
                log.Write(TestAuditChain.Record(day));
                _folder.Time.Advance(TimeSpan.FromDays(1));
            }
        }

        Assert.Equal(["audit-20250701-001.jsonl", "audit-20250702-001.jsonl"], _folder.Files.Select(Path.GetFileName));
        var records = (await File.ReadAllLinesAsync(_folder.Files[1])).Select(l => AuditChain.TryParse(l, out _)!).ToList();
        Assert.Equal([AuditCheckpoint.Event, "start"], records.Select(r => r.Event));
        Assert.Equal((2L, 3L, 4L), (records[0].KeptSequence!.Value, records[0].Sequence, records[1].Sequence));
        var result = await _folder.VerifyAsync();
        Assert.True(result.IsOk, result.Failure?.ToString());
        Assert.Equal(2, result.Retention?.FirstKept);
    }

    [Fact]
    public async Task Start_EveryFileExpired_ChainContinuesFromACheckpointNamingItself()
    {
        await _folder.WriteAsync(3);
        _folder.Time.Advance(TimeSpan.FromDays(200));

        await using (var log = _folder.CreateLog())
        {
            await log.StartAsync(CancellationToken.None).Within();
            log.Write(TestAuditChain.Record(0));
            await log.DisposeAsync();
            var result = await _folder.VerifyAsync();

            Assert.True(result.IsOk, result.Failure?.ToString());
            Assert.Equal((4L, 5L), (result.First!.Value, result.Head!.Sequence));
            Assert.Equal(4, result.Retention?.Checkpoint);
            Assert.Equal(result.Head, log.Head);
        }
    }

    [Fact]
    public async Task Write_CreatesFileReadableByOwnerOnly()
    {
        await _folder.WriteAsync(1);

        // The appliance runs on Linux; Windows has no Unix modes.
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Assert.Single(_folder.Files)));
        }
    }
}
