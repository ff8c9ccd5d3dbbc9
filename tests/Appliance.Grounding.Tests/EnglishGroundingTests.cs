using Appliance.Grounding.Matching;
using static Appliance.Grounding.Tests.ClinicalTexts;
using static Appliance.Grounding.Tests.ReportAssertions;

namespace Appliance.Grounding.Tests;

[Collection(CheckerCollection.Name)]
public sealed class EnglishGroundingTests(CheckerFixture fixture)
{
    [Fact]
    public void Check_CorrectSummary_HasNoUngroundedItem()
    {
        var report = fixture.Check(EnglishRecord, EnglishSummary);

        AllGrounded(report);
        Assert.True(report.Items.Count >= 15, $"only {report.Items.Count} items found");
        Assert.Contains(report.Items, i => i.Kind == GroundingItemKind.Date && i.Text == "2026-03-01");
        Assert.Contains(report.Items, i => i.Kind == GroundingItemKind.LabValue && i.Text == "88 µmol/L");
    }

    [Fact]
    public void Check_InventedDose_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(EnglishRecord, "Aspirin 300 mg daily."), GroundingItemKind.Dose, "300 mg");

        Assert.Equal(Reasons.DoseDiffers, item.Reason);
    }

    [Fact]
    public void Check_FlippedLaterality_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(EnglishRecord, "Right lower limb swelling."), GroundingItemKind.Laterality, "Right lower limb");

        Assert.Equal(Reasons.LateralityOpposite, item.Reason);
    }

    [Fact]
    public void Check_ChangedDate_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(EnglishRecord, "Admitted on 2 March 2026."), GroundingItemKind.Date, "2 March 2026");

        Assert.Equal(Reasons.DateDiffers, item.Reason);
    }

    [Fact]
    public void Check_ChangedYear_IsFlagged()
    {
        SingleUngrounded(fixture.Check(EnglishRecord, "Discharged 2025-03-08."), GroundingItemKind.Date, "2025-03-08");
    }

    [Fact]
    public void Check_AddedDrug_IsFlagged()
    {
        var report = fixture.Check(EnglishRecord, "Start metoprolol 25 mg twice daily.");

        Assert.Equal(Reasons.DrugNotInSources, Item(report, GroundingItemKind.Drug, "metoprolol").Reason);
        Assert.Equal(Reasons.DrugNotInSources, Item(report, GroundingItemKind.Dose, "25 mg").Reason);
    }

    [Fact]
    public void Check_NegatedFindingStatedAsPresent_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(EnglishRecord, "Known diabetes."), GroundingItemKind.Negation, "diabetes");

        Assert.Equal(Reasons.SourceNegates, item.Reason);
    }

    [Fact]
    public void Check_PresentFindingStatedAsNegated_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(EnglishRecord, "No hypertension."), GroundingItemKind.Negation, "No hypertension");

        Assert.Equal(Reasons.SourceAffirms, item.Reason);
    }

    /// <summary>
    /// The dictation of the shipped report.normalise.en example: "no focal lesion" must not negate the next
    /// clause, "the left kidney shows a simple cyst" (a comma, then a clause with its own verb). Before the
    /// clause rule, a faithful answer got "left kidney" flagged as stated although the source negates it.
    /// </summary>
    [Fact]
    public void Check_ClauseWithItsOwnVerbAfterANegation_IsNotNegated()
    {
        const string dictation = "okay so abdominal ultrasound, um, liver is normal size, no focal lesion, the left kidney shows a simple cyst about 2.1 cm, "
            + "let me see, right kidney normal, no hydronephrosis, uh that cyst in the right kidney is 21 mm, that's it.";

        var report = fixture.Check(dictation, "The left kidney shows a simple cyst about 2.1 cm. The cyst is dictated in the left kidney, then in the right.");

        AllGrounded(report);
        Assert.Contains(report.Items, i => i.Kind == GroundingItemKind.Laterality && i.Text.StartsWith("left kidney", StringComparison.Ordinal));
        Assert.Equal(Reasons.SourceNegates, SingleUngrounded(fixture.Check(dictation, "Hydronephrosis."), GroundingItemKind.Negation, "Hydronephrosis").Reason);
    }

    [Fact]
    public void Check_FindingListedWithCommasAfterANegation_StaysNegated()
    {
        var item = SingleUngrounded(fixture.Check("No fever, chills or cough, the chest is clear.", "Chills since Monday."), GroundingItemKind.Negation, "Chills");

        Assert.Equal(Reasons.SourceNegates, item.Reason);
    }

    [Fact]
    public void Check_NegationNotInSource_IsFlagged()
    {
        var item = SingleUngrounded(fixture.Check(EnglishRecord, "Denies fever."), GroundingItemKind.Negation, "Denies fever");

        Assert.Equal(Reasons.NegationNotInSources, item.Reason);
    }

    [Theory]
    [InlineData("aspirin 0.1 g daily")]
    [InlineData("aspirin 100mg")]
    [InlineData("acetylsalicylic acid 100 mg")]
    [InlineData("ASPIRIN 100000 mcg")]
    [InlineData("阿司匹林 100毫克")]
    public void Check_EquivalentDose_IsGrounded(string output)
    {
        Assert.True(Assert.Single(fixture.Check(EnglishRecord, output).Items, i => i.Kind == GroundingItemKind.Dose).Grounded);
    }

    [Theory]
    [InlineData("Hb 9.5 g/dL", "9.5 g/dL")]
    [InlineData("creatinine 0.088 mmol/L", "0.088 mmol/L")]
    public void Check_EquivalentLabUnit_IsGrounded(string output, string item)
    {
        Assert.True(Item(fixture.Check(EnglishRecord, output), GroundingItemKind.LabValue, item).Grounded);
    }

    [Theory]
    [InlineData("admitted March 1, 2026", "March 1, 2026")]
    [InlineData("admitted 1st Mar 2026", "1st Mar 2026")]
    [InlineData("admitted 2026/3/1", "2026/3/1")]
    [InlineData("admitted 2026年3月1日", "2026年3月1日")]
    [InlineData("admitted 1 March", "1 March")]
    public void Check_SameDateInAnotherForm_IsGrounded(string output, string item)
    {
        var found = Item(fixture.Check(EnglishRecord, output), GroundingItemKind.Date, item);

        Assert.True(found.Grounded, found.Reason);
    }

    [Theory]
    [InlineData("follow-up in 14 days", "14 days")]
    [InlineData("chest pain for three days", "three days")]
    [InlineData("hypertension for 120 months", "120 months")]
    public void Check_EquivalentDuration_IsGrounded(string output, string item)
    {
        Assert.True(Item(fixture.Check(EnglishRecord, output), GroundingItemKind.Duration, item).Grounded);
    }

    [Fact]
    public void Check_LeftAndRightInOneSentence_AreBothRead()
    {
        var report = fixture.Check("Fracture of the left radius and right ulna.", "Left radius and right ulna fractured; right radius intact.");

        Assert.True(Item(report, GroundingItemKind.Laterality, "Left radius").Grounded);
        Assert.True(Item(report, GroundingItemKind.Laterality, "right ulna fractured").Grounded);
        Assert.Equal(Reasons.LateralityOpposite, Item(report, GroundingItemKind.Laterality, "right radius intact").Reason);
    }

    [Fact]
    public void Check_BareCodeWithoutIcdContext_IsNotACode()
    {
        var report = fixture.Check("vitamin B12 low", "ICD-10 I21; vitamin B12 low");

        Assert.Equal(["I21"], report.Items.Where(i => i.Kind == GroundingItemKind.Icd10Code).Select(i => i.Text));
    }
}
