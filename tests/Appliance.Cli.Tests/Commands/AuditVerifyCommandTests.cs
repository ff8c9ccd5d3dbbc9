using Appliance.Core.Audit;

namespace Appliance.Cli.Tests.Commands;

/// <summary><c>appliancectl audit verify</c> on audit files: a sealed chain, an edited record, a missing file.</summary>
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
}
