using Appliance.Grounding.Extraction;
using Appliance.Grounding.Text;

namespace Appliance.Grounding.Tests;

/// <summary>The extractors one rule at a time: what is an item, what is not, and where it is.</summary>
[Collection(CheckerCollection.Name)]
public sealed class ExtractionTests(CheckerFixture fixture)
{
    [Fact]
    public void NormalizedText_FoldsWidthAndCase_AndMapsBackToTheOriginal()
    {
        var text = NormalizedText.From("体温３８．５℃，ＡＳＰＩＲＩＮ 100㎎");

        Assert.Equal("体温38.5°c,aspirin 100mg", text.Value);
        Assert.Equal((2, 5), text.ToOriginal(2, 6)); // "38.5°c" is "３８．５℃": 5 characters of the original
        Assert.Equal((19, 1), text.ToOriginal(20, 2)); // "mg" is the one character "㎎"
    }

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("两", 2.0)]
    [InlineData("十", 10.0)]
    [InlineData("十二", 12.0)]
    [InlineData("二十五", 25.0)]
    [InlineData("一百", 100.0)]
    [InlineData("半", 0.5)]
    [InlineData("three", 3.0)]
    public void NumberWords_ReadsDigitsChineseNumeralsAndEnglishWords(string text, double value)
    {
        Assert.Equal(value, NumberWords.Parse(text));
    }

    [Fact]
    public void NumberWords_RefusesOtherText()
    {
        Assert.Null(NumberWords.Parse("多"));
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026年13月1日")]
    [InlineData("01/03/2026")]
    [InlineData("三月一日")]
    [InlineData("the 3rd decree")]
    public void Dates_InvalidOrAmbiguous_AreNotRead(string text)
    {
        Assert.Empty(DateExtractor.Extract(NormalizedText.From(text).Value));
    }

    [Theory]
    [InlineData("2024-02-29", "02-29", 2024)]
    [InlineData("2026.3.1", "03-01", 2026)]
    [InlineData("3月1号", "03-01", null)]
    [InlineData("Sept 9", "09-09", null)]
    [InlineData("9th September, 2025", "09-09", 2025)]
    public void Dates_EveryForm_GivesMonthDayAndYear(string text, string key, int? year)
    {
        var date = Assert.Single(DateExtractor.Extract(NormalizedText.From(text).Value));

        Assert.Equal(key, date.Key);
        Assert.Equal(year, date.Year);
    }

    [Theory]
    [InlineData("甲硝唑 0.5g q8h")]
    [InlineData("3月入院")]
    [InlineData("每日三次")]
    [InlineData("vitamin B12")]
    public void Quantities_WithoutAUnitOrInsideAFrequency_AreNotItems(string text)
    {
        var items = fixture.Check(text, text).Items;

        Assert.DoesNotContain(items, i => i.Kind is GroundingItemKind.Duration or GroundingItemKind.Icd10Code);
        Assert.DoesNotContain(items, i => i.Text.StartsWith('3') || i.Text == "三次");
    }

    [Theory]
    [InlineData("WBC 12.5×10^9/L", "12.5×10^9/L")]
    [InlineData("HbA1c 7.2%", "7.2%")]
    [InlineData("ALT 45 U/L", "45 U/L")]
    [InlineData("CRP 56 mg/L", "56 mg/L")]
    public void LabValues_AreReadWithTheirUnit(string text, string item)
    {
        Assert.Equal(GroundingItemKind.LabValue, Assert.Single(fixture.Check(text, text).Items).Kind);
        Assert.Equal(item, Assert.Single(fixture.Check(text, text).Items).Text);
    }

    [Theory]
    [InlineData("体温 38.5℃", GroundingItemKind.Quantity)]
    [InlineData("血压 150/90 mmHg", GroundingItemKind.Quantity)]
    [InlineData("心率 102次/分", GroundingItemKind.Quantity)]
    [InlineData("肿物 3 cm", GroundingItemKind.Quantity)]
    [InlineData("补液 500ml", GroundingItemKind.Quantity)]
    [InlineData("6个月", GroundingItemKind.Duration)]
    [InlineData("for 48 hours", GroundingItemKind.Duration)]
    public void Quantities_GetTheirKindFromTheUnit(string text, GroundingItemKind kind)
    {
        Assert.Equal(kind, Assert.Single(fixture.Check(text, text).Items).Kind);
    }

    [Theory]
    [InlineData("leftover food")]
    [InlineData("on the left.")]
    [InlineData("四肢无力")]
    [InlineData("no.")]
    public void Words_ThatOnlyLookLikeSidesOrNegations_AreNotItems(string text)
    {
        Assert.Empty(fixture.Check(text, text).Items);
    }

    [Fact]
    public void Negations_OneItemPerListedFinding()
    {
        var items = fixture.Check("否认高血压、糖尿病、冠心病病史。", "Patient denies fever, cough or chills.").Items;

        Assert.Equal(["denies fever", "cough", "chills"], items.Select(i => i.Text));
        Assert.All(items, i => Assert.Equal(GroundingItemKind.Negation, i.Kind));
    }

    [Fact]
    public void Checker_CalledFromManyThreads_GivesTheSameReport()
    {
        var expected = fixture.Check(ClinicalTexts.ChineseRecord, ClinicalTexts.ChineseSummary).Items;

        var reports = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => fixture.Check(ClinicalTexts.ChineseRecord, ClinicalTexts.ChineseSummary).Items).ToList();

        Assert.All(reports, r => Assert.Equal(expected, r));
    }
}
