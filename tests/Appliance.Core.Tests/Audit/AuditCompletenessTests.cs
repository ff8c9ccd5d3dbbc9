using Appliance.Core.Audit;

namespace Appliance.Core.Tests.Audit;

/// <summary>
/// Completeness at both ends: records deleted at the end fail against an anchor, records dropped at
/// the start fail unless a retention checkpoint names the first record kept.
/// </summary>
public sealed class AuditCompletenessTests() : TempFolderTest("appliance-test-audit")
{
    private string ChainFile => Folder.Combine("audit-20250630-001.jsonl");

    [Fact]
    public async Task Verify_LastTwoDeleted_FailsAgainstTheHeadNamingTheMissingRecords()
    {
        var (lines, head) = await ChainAsync(10);

        var result = await VerifyAsync(lines[..8], head);

        Assert.Equal(new AuditVerifyFailure(ChainFile, 8, 8, $"records 9 to 10 missing: the log ends at sequence 8 but anchor {head} was recorded (records deleted at the end?)"), result.Failure);
        Assert.True((await VerifyAsync(lines, head)).IsOk);
    }

    [Fact]
    public async Task Verify_CutToFirstFour_FailsAgainstAnEarlierAnchorToo()
    {
        var (lines, _) = await ChainAsync(10);
        var anchor = AnchorOf(lines[6]);

        var result = await VerifyAsync(lines[..4], anchor);

        Assert.Equal("records 5 to 7 missing: the log ends at sequence 4 but anchor " + anchor + " was recorded (records deleted at the end?)", result.Failure?.Reason);
        Assert.True((await VerifyAsync(lines[..4])).IsOk); // without an anchor a cut tail cannot be seen: why IT keeps anchors off the box
    }

    [Fact]
    public async Task Verify_FirstSixDropped_FailsWithoutACheckpoint()
    {
        var (lines, _) = await ChainAsync(10);

        var result = await VerifyAsync(lines[6..]);

        Assert.Equal(new AuditVerifyFailure(ChainFile, 1, 7, "records 1 to 6 missing: the log starts at sequence 7 and no retention checkpoint accounts for the records before it (records deleted at the start, or not every file given?)"), result.Failure);
    }

    [Fact]
    public async Task Verify_AnchorWithAnotherHash_FailsAtThatRecord()
    {
        var (lines, _) = await ChainAsync(6);
        var forged = new AuditAnchor(3, new string('a', 64));

        var result = await VerifyAsync(lines, forged);

        Assert.Equal(new AuditVerifyFailure(ChainFile, 3, 3, $"hash differs from anchor {forged} (the log was rewritten at or before this record)"), result.Failure);
    }

    [Fact]
    public async Task Verify_HeadRemovedByRetentionWithCheckpoint_OkAndSaysWhen()
    {
        var chain = new List<AuditRecord>();
        var lines = Enumerable.Range(0, 8).Select(i => TestAuditChain.Append(chain, TestAuditChain.Record(i))).ToList();
        var removedAt = new DateTimeOffset(2026, 1, 5, 0, 0, 1, TimeSpan.Zero);
        lines.Add(TestAuditChain.Append(chain, AuditCheckpoint.Create(5, chain[3].Hash!) with { Timestamp = removedAt }));
        lines.Add(TestAuditChain.Append(chain, TestAuditChain.Record(9)));
        var oldAnchor = AuditAnchor.Of(chain[1]);

        var result = await VerifyAsync(lines[4..].ToArray(), oldAnchor, AuditAnchor.Of(chain[^1]));

        Assert.True(result.IsOk, result.Failure?.ToString());
        Assert.Equal(new AuditRetention(5, removedAt, 9), result.Retention);
        Assert.Equal(5, result.First);
        Assert.Equal(AuditAnchor.Of(chain[^1]), result.Head);
        Assert.Contains(result.Notes, n => n.StartsWith($"anchor {oldAnchor} is older than the first record kept (5)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_CheckpointNamingAnotherRecord_DoesNotCoverADroppedHead()
    {
        var chain = new List<AuditRecord>();
        var lines = Enumerable.Range(0, 8).Select(i => TestAuditChain.Append(chain, TestAuditChain.Record(i))).ToList();
        lines.Add(TestAuditChain.Append(chain, AuditCheckpoint.Create(3, chain[1].Hash!)));

        // Retention kept 3 on; someone dropped 3 and 4 as well.
        var result = await VerifyAsync(lines[4..].ToArray());

        Assert.StartsWith("records 1 to 4 missing: the log starts at sequence 5", result.Failure?.Reason, StringComparison.Ordinal);
        Assert.True((await VerifyAsync(lines[2..].ToArray())).IsOk);
    }

    [Theory]
    [InlineData("12:" + AuditRecord.GenesisHash, true)]
    [InlineData(" 12:ABCDEF0000000000000000000000000000000000000000000000000000000000 ", true)]
    [InlineData("12", false)]
    [InlineData("-1:" + AuditRecord.GenesisHash, false)]
    [InlineData("12:abc", false)]
    [InlineData("12:zz00000000000000000000000000000000000000000000000000000000000000", false)]
    public void TryParse_Anchor_AcceptsOnlySeqColonSixtyFourHex(string text, bool valid)
    {
        var anchor = AuditAnchor.TryParse(text);

        Assert.Equal(valid, anchor is not null);
        Assert.Equal(valid ? text.Trim().ToLowerInvariant() : null, anchor?.ToString());
    }

    private async Task<(string[] Lines, AuditAnchor Head)> ChainAsync(int count)
    {
        await TestAuditChain.WriteAsync(ChainFile, count);
        var lines = await File.ReadAllLinesAsync(ChainFile);
        return (lines, AnchorOf(lines[^1]));
    }

    private static AuditAnchor AnchorOf(string line) => AuditAnchor.Of(AuditChain.TryParse(line, out _)!);

    private async Task<AuditVerifyResult> VerifyAsync(string[] lines, params AuditAnchor[] anchors)
    {
        await File.WriteAllLinesAsync(ChainFile, lines);
        return await AuditChainVerifier.VerifyAsync([ChainFile], anchors, CancellationToken.None).Within();
    }
}
