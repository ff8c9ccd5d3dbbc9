using Appliance.Core.Audit;

namespace Appliance.Cli.Tests.Commands;

/// <summary><c>appliancectl audit verify</c> on audit files (a sealed chain, an edited record, a missing file, anchors given and malformed) and <c>audit head</c> without a server.</summary>
public sealed class AuditVerifyCommandTests() : TempFolderTest("appliance-test-audit")
{
    [Fact]
    public async Task AuditVerifyCommand_GoodThenEditedFile_ExitsZeroThenNamesTheRecord()
    {
        var file = Folder.Combine("audit-20250630-001.jsonl");
        await TestAuditChain.WriteAsync(file, 6);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var context = new CommandContext(output, errors, TimeProvider.System, string.Empty);

        var good = await new AuditVerifyCommand(context).RunAsync([file], CancellationToken.None).Within();
        var lines = await File.ReadAllLinesAsync(file);
        lines[2] = lines[2].Replace("\"model_id\":\"m\"", "\"model_id\":\"n\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);
        var bad = await new AuditVerifyCommand(context).RunAsync([file], CancellationToken.None).Within();

        Assert.Equal(ExitCodes.Success, good);
        Assert.Equal(ExitCodes.Failure, bad);
        var report = output.ToString();
        Assert.Contains("OK    6 record(s) in 1 file(s)", report, StringComparison.Ordinal);
        Assert.Contains($"FAIL  {file}:3: record 3: {AuditChainVerifier.HashMismatch}", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerifyCommand_MissingFile_ExitsNotFound()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await new AuditVerifyCommand(new CommandContext(output, errors, TimeProvider.System, string.Empty))
            .RunAsync([Folder.Combine("nope.jsonl")], CancellationToken.None).Within();

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Contains("not found", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_AnchorNotSeqColonHash_ExitsInvalidArgumentNamingWhereItCameFrom()
    {
        var file = Folder.Combine("audit-20250630-001.jsonl");
        await TestAuditChain.WriteAsync(file, 3);
        var anchors = Folder.Combine("anchors");
        await File.WriteAllLinesAsync(anchors, ["", "# from cron", "3:" + AuditRecord.GenesisHash + " 2025-06-30T12:00:00Z", "3:abc"]);

        var option = new CliRunner();
        var optionExit = await option.RunAsync("audit", "verify", file, "--expect-head", "3");
        var inFile = new CliRunner();
        var inFileExit = await inFile.RunAsync("audit", "verify", file, "--anchors", anchors);

        Assert.Equal((ExitCodes.InvalidArgument, ExitCodes.InvalidArgument), (optionExit, inFileExit));
        Assert.Contains($"--expect-head: '3' is not an anchor; expected {AuditAnchor.Format}", option.Error, StringComparison.Ordinal);
        Assert.Contains($"--anchors: {anchors}:4: '3:abc' is not an anchor", inFile.Error, StringComparison.Ordinal);
        Assert.Empty(option.Output + inFile.Output);
    }

    [Fact]
    public async Task AuditVerify_AnchorsFileAndExpectHead_ReachedOrNamedAsMissing()
    {
        var file = Folder.Combine("audit-20250630-001.jsonl");
        await TestAuditChain.WriteAsync(file, 5);
        var head = AuditAnchor.Of(AuditChain.TryParse((await File.ReadAllLinesAsync(file))[^1], out _)!);
        var anchors = Folder.Combine("anchors");
        await File.WriteAllLinesAsync(anchors, ["# appliancectl audit head >> anchors", $"{head} Mon Jun 30 12:00:00 UTC 2025"]);
        var later = new AuditAnchor(7, new string('b', 64));

        var reached = new CliRunner();
        var reachedExit = await reached.RunAsync("audit", "verify", file, "--anchors", anchors, "--expect-head", head.ToString());
        var beyond = new CliRunner();
        var beyondExit = await beyond.RunAsync("audit", "verify", file, "--anchors", anchors, "--expect-head", later.ToString());

        Assert.Equal(ExitCodes.Success, reachedExit);
        Assert.Contains($"OK    5 record(s) in 1 file(s), sequence 1 to 5; head {head}", reached.Output, StringComparison.Ordinal);
        Assert.Contains("reaches all 2 anchor(s) given", reached.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, beyondExit);
        Assert.Contains($"FAIL  {file}:5: record 5: records 6 to 7 missing: the log ends at sequence 5 but anchor {later} was recorded", beyond.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditHead_MetricsPortUnreachable_ExitsUnavailableNamingTheAddress()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("audit", "head", "--metrics", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.Empty(cli.Output);
        Assert.Contains("error: cannot read the audit head from http://127.0.0.1:9/audit/head: Connection refused", cli.Error, StringComparison.Ordinal);
    }
}
