using Appliance.Core.Audit;

namespace Appliance.Core.Tests.Audit;

/// <summary>The verifier names the first broken record of a sealed chain: edited, deleted, or not a record at all.</summary>
public sealed class AuditChainVerifierTests() : TempFolderTest("appliance-test-audit")
{
    private string ChainFile => Folder.Combine("audit-20250630-001.jsonl");

    [Fact]
    public async Task Verify_EditedField_NamesRecordWithHashMismatch()
    {
        var result = await VerifyEditedChainAsync(10, lines => lines[4] = lines[4].Replace("\"client\":\"his\"", "\"client\":\"hix\"", StringComparison.Ordinal));

        Assert.Equal(new AuditVerifyFailure(ChainFile, 5, 5, AuditChainVerifier.HashMismatch), result.Failure);
    }

    [Fact]
    public async Task Verify_DeletedRecord_NamesTheNextWithPrevMismatch()
    {
        var result = await VerifyEditedChainAsync(10, lines => lines.RemoveAt(4));

        Assert.Equal(new AuditVerifyFailure(ChainFile, 5, 6, AuditChainVerifier.PrevMismatch), result.Failure);
    }

    [Fact]
    public async Task Verify_GarbageLine_ReportsMalformedJson()
    {
        var result = await VerifyEditedChainAsync(4, lines => lines[1] = "{not json");

        Assert.Equal(new AuditVerifyFailure(ChainFile, 2, null, AuditChainVerifier.Malformed), result.Failure);
    }

    /// <summary>
    /// Writes a chain of <paramref name="count"/> sealed records in one file, as the server's writer
    /// lays it out, changes its lines with <paramref name="edit"/>, and verifies the file.
    /// </summary>
    private async Task<AuditVerifyResult> VerifyEditedChainAsync(int count, Action<List<string>> edit)
    {
        await TestAuditChain.WriteAsync(ChainFile, count);
        var lines = (await File.ReadAllLinesAsync(ChainFile)).ToList();
        edit(lines);
        await File.WriteAllLinesAsync(ChainFile, lines);
        return await AuditChainVerifier.VerifyAsync([ChainFile], CancellationToken.None).Within();
    }
}
