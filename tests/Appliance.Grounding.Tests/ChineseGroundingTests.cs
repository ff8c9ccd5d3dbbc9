using Appliance.Grounding.Matching;
using static Appliance.Grounding.Tests.ClinicalTexts;
using static Appliance.Grounding.Tests.ReportAssertions;

namespace Appliance.Grounding.Tests;

[Collection(CheckerCollection.Name)]
public sealed class ChineseGroundingTests(CheckerFixture fixture)
{
    [Fact]
    public void Check_CorrectSummary_HasNoUngroundedItem()
    {
        var report = fixture.Check(ChineseRecord, ChineseSummary);

        AllGrounded(report);
        Assert.Contains(report.Items, i => i.Kind == GroundingItemKind.Dose && i.Text == "100mg");
        Assert.Contains(report.Items, i => i.Kind == GroundingItemKind.Laterality && i.Text == "左下肢");
        Assert.Contains(report.Items, i => i.Kind == GroundingItemKind.Negation && i.Text.StartsWith("否认糖尿病", StringComparison.Ordinal));
        Assert.Contains(report.Items, i => i.Kind == GroundingItemKind.Duration && i.Text == "两周");
    }

    [Fact]
    public void Check_InventedDose_IsFlaggedAsDoseThatDiffers()
    {
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "出院带药：阿司匹林 300mg qd，氯吡格雷 75mg qd。"), GroundingItemKind.Dose, "300mg");

        Assert.Equal(Reasons.DoseDiffers, item.Reason);
    }

    [Fact]
    public void Check_DoseOfAnotherDrug_IsNotEvidence()
    {
        // 75 mg is in the source, but for clopidogrel.
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "阿司匹林 75mg qd"), GroundingItemKind.Dose, "75mg");

        Assert.Equal(Reasons.DoseDiffers, item.Reason);
    }

    [Fact]
    public void Check_FlippedLaterality_IsFlaggedAsOpposite()
    {
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "查体见右下肢水肿。"), GroundingItemKind.Laterality, "右下肢");

        Assert.Equal(Reasons.LateralityOpposite, item.Reason);
    }

    [Fact]
    public void Check_ChangedDate_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "2026年3月2日入院。"), GroundingItemKind.Date, "2026年3月2日");

        Assert.Equal(Reasons.DateDiffers, item.Reason);
    }

    [Fact]
    public void Check_AddedDrug_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "出院加用美托洛尔。"), GroundingItemKind.Drug, "美托洛尔");

        Assert.Equal(Reasons.DrugNotInSources, item.Reason);
    }

    [Fact]
    public void Check_AddedDrugWithDose_FlagsDrugAndDose()
    {
        var report = fixture.Check(ChineseRecord, "美托洛尔 25mg bid");

        Assert.Equal([GroundingItemKind.Drug, GroundingItemKind.Dose], report.Items.Where(i => !i.Grounded).Select(i => i.Kind));
    }

    [Fact]
    public void Check_NegatedHistoryStatedAsPresent_IsFlaggedAsNegation()
    {
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "既往有糖尿病史。"), GroundingItemKind.Negation, "糖尿病");

        Assert.Equal(Reasons.SourceNegates, item.Reason);
    }

    [Fact]
    public void Check_PresentHistoryStatedAsNegated_IsFlaggedAsNegation()
    {
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "否认高血压病史。"), GroundingItemKind.Negation, "否认高血压病史");

        Assert.Equal(Reasons.SourceAffirms, item.Reason);
    }

    [Fact]
    public void Check_NegationWithOtherWords_IsGrounded()
    {
        // 无 for 否认, 病史 for 史, a filler word: the same negated finding.
        AllGrounded(fixture.Check(ChineseRecord, "无糖尿病病史，无明显药物过敏史。"));
    }

    [Fact]
    public void Check_ChangedIcdCode_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "诊断：急性心肌梗死（I21.9）"), GroundingItemKind.Icd10Code, "I21.9");

        Assert.Equal(Reasons.CodeNotInSources, item.Reason);
    }

    [Fact]
    public void Check_ChangedLabValue_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(ChineseRecord, "肌酐 188 μmol/L"), GroundingItemKind.LabValue, "188 μmol/L");

        Assert.Equal(Reasons.LabValueNotInSources, item.Reason);
    }

    [Fact]
    public void Check_ChangedDuration_IsFlagged()
    {
        SingleUngrounded(fixture.Check(ChineseRecord, "住院10天。"), GroundingItemKind.Duration, "10天");
    }

    [Fact]
    public void Check_ChangedAge_IsFlaggedAsQuantity()
    {
        SingleUngrounded(fixture.Check(ChineseRecord, "56岁男性。"), GroundingItemKind.Quantity, "56岁");
    }

    [Theory]
    [InlineData("阿司匹林 0.1g qd")]
    [InlineData("阿司匹林 100毫克 每日一次")]
    [InlineData("阿司匹林 0.1克")]
    [InlineData("阿司匹林１００ｍｇ")]
    [InlineData("阿司匹林肠溶片 100 mg")]
    [InlineData("aspirin 100 mg")]
    [InlineData("100mg 阿司匹林")]
    public void Check_EquivalentDose_IsGrounded(string output)
    {
        var item = Assert.Single(fixture.Check(ChineseRecord, output).Items, i => i.Kind == GroundingItemKind.Dose);

        Assert.True(item.Grounded, item.Reason);
        Assert.Equal("100mg", ChineseRecord.Substring(item.Evidence!.Start, item.Evidence.Length));
    }

    [Theory]
    [InlineData("胸痛三天", "三天")]
    [InlineData("两周后复诊", "两周")]
    [InlineData("14天后复诊", "14天")]
    [InlineData("住院一周", "一周")]
    public void Check_EquivalentDuration_IsGrounded(string output, string item)
    {
        Assert.True(Item(fixture.Check(ChineseRecord, output), GroundingItemKind.Duration, item).Grounded);
    }

    [Fact]
    public void Check_DateWithoutYear_MatchesTheSourcesDate()
    {
        Assert.True(Item(fixture.Check(ChineseRecord, "3月8日出院"), GroundingItemKind.Date, "3月8日").Grounded);
    }

    [Fact]
    public void Check_YearIsNotADuration_AndAboutIsNotASide()
    {
        // 2026年 alone is a year; 3天左右 is "about 3 days", not left or right.
        var report = fixture.Check(ChineseRecord, "2026年胸痛3天左右");

        Assert.DoesNotContain(report.Items, i => i.Kind == GroundingItemKind.Laterality);
        Assert.Equal(["3天"], report.Items.Select(i => i.Text));
    }

    [Fact]
    public void Check_SideInsideADrugName_IsNotLaterality()
    {
        var report = fixture.Check("二甲双胍 0.5g tid", "二甲双胍 0.5g tid");

        Assert.DoesNotContain(report.Items, i => i.Kind == GroundingItemKind.Laterality);
        AllGrounded(report);
    }

    [Fact]
    public void Check_OrganSide_ComparesTheOrgan()
    {
        var report = fixture.Check("超声：左肾结石，右肾未见异常。", "左肾结石；右肾正常。");

        AllGrounded(report);
        Assert.Equal(2, report.Items.Count(i => i.Kind == GroundingItemKind.Laterality));
        var flipped = fixture.Check("超声：左肾结石。", "右肾结石。");
        Assert.Equal(Reasons.LateralityOpposite, SingleUngrounded(flipped, GroundingItemKind.Laterality, "右肾结石").Reason);
    }

    [Fact]
    public void Check_TaskAnswerFields_DoseInItsOwnFieldBelongsToTheSiblingDrug()
    {
        var report = fixture.Checker.Check(
            [new GroundingText("medications", ChineseRecord)],
            [
                new GroundingText("/medications/0/name", "阿司匹林"), new GroundingText("/medications/0/dose", "75mg"),
                new GroundingText("/medications/1/name", "氯吡格雷"), new GroundingText("/medications/1/dose", "75 mg"),
                new GroundingText("/follow_up", "100mg"),
            ]);

        Assert.Equal([true, false, true, true, true], report.Items.Select(i => i.Grounded));
        Assert.Equal(Reasons.DoseDiffers, report.Items[1].Reason);
        Assert.Equal([GroundingItemKind.Drug, GroundingItemKind.Dose, GroundingItemKind.Drug, GroundingItemKind.Dose, GroundingItemKind.Quantity], report.Items.Select(i => i.Kind));
    }
}
