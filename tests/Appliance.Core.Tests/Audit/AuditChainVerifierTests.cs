using Appliance.Core.Audit;

namespace Appliance.Core.Tests.Audit;

/// <summary>The verifier names the first broken record of a sealed chain: edited, deleted, or not a record at all.</summary>
public sealed class AuditChainVerifierTests : IDisposable
{
    private readonly TempFolder _folder = new("appliance-test-audit");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Verify_EditedField_NamesRecordWithHashMismatch()
    {
        var file = await WriteChainAsync(10);
        var lines = await File.ReadAllLinesAsync(file);
        lines[4] = lines[4].Replace("\"client\":\"his\"", "\"client\":\"hix\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);

        var result = await AuditChainVerifier.VerifyAsync([file], CancellationToken.None).Within();

        Assert.Equal(new AuditVerifyFailure(file, 5, 5, AuditChainVerifier.HashMismatch), result.Failure);
    }

    [Fact]
    public async Task Verify_DeletedRecord_NamesTheNextWithPrevMismatch()
    {
        var file = await WriteChainAsync(10);
        var lines = (await File.ReadAllLinesAsync(file)).ToList();
        lines.RemoveAt(4);
        await File.WriteAllLinesAsync(file, lines);

        var result = await AuditChainVerifier.VerifyAsync([file], CancellationToken.None).Within();

        Assert.Equal(new AuditVerifyFailure(file, 5, 6, AuditChainVerifier.PrevMismatch), result.Failure);
    }

    [Fact]
    public async Task Verify_GarbageLine_ReportsMalformedJson()
    {
        var file = await WriteChainAsync(4);
        var lines = await File.ReadAllLinesAsync(file);
        lines[1] = "{not json";
        await File.WriteAllLinesAsync(file, lines);

        var result = await AuditChainVerifier.VerifyAsync([file], CancellationToken.None).Within();

        Assert.Equal(new AuditVerifyFailure(file, 2, null, AuditChainVerifier.Malformed), result.Failure);
    }

    /// <summary>A chain of <paramref name="count"/> sealed records in one file, as the server's writer lays it out.</summary>
    private async Task<string> WriteChainAsync(int count)
    {
        var file = _folder.Combine("audit-20250630-001.jsonl");
        await TestAuditChain.WriteAsync(file, count);
        return file;
    }
}
