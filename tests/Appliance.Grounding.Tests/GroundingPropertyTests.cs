using System.Globalization;
using Appliance.Grounding.Matching;
using CsCheck;

namespace Appliance.Grounding.Tests;

/// <summary>Properties over generated clinical sentences (CsCheck; a failure prints the shrunk case and its seed).</summary>
[Collection(CheckerCollection.Name)]
public sealed class GroundingPropertyTests(CheckerFixture fixture)
{
    private static readonly string[] Fragments =
    [
        ClinicalTexts.ChineseRecord, ClinicalTexts.EnglishRecord, "左眼视力下降2周。", "双下肢无水肿。", "右侧胸腔积液约 50 mm。",
        "体温 38.5℃，心率 102次/分，血压 150/90 mmHg。", "头孢曲松 2g ivgtt qd，共7天。", "WBC 12.5×10^9/L, CRP 56 mg/L.",
        "No fever, cough or chills.", "Bilateral pleural effusions.", "Left knee pain since 12 Jan 2026.", "Insulin glargine 10 units at night.",
        "ICD-10: E11.9, I10.", "未闻及干湿性啰音。", "denies chest pain on exertion.", "甲硝唑 0.5g q8h", "Temperature 38.5 °C for two days.",
    ];

    private static readonly Gen<string> Record = Gen.Int[1, 6].SelectMany(n => Gen.Int[0, Fragments.Length - 1].Array[n])
        .Select(picks => string.Join(" ", picks.Select(i => Fragments[i])));

    [Fact]
    public void Check_AnyRecordAgainstItself_IsFullyGrounded()
    {
        Record.Sample(text =>
        {
            var report = fixture.Check(text, text);
            return report.UngroundedCount == 0 && report.Items.Count > 0;
        }, iter: 60);
    }

    [Fact]
    public void Check_EveryItem_PointsAtItsTextAndEvidenceInsideTheSource()
    {
        Record.Sample(text =>
        {
            var output = "出院小结：" + text;
            var report = fixture.Checker.Check([new GroundingText("record", text)], [new GroundingText("/summary", output)]);
            return report.Items.All(i =>
                i.Location.Name == "/summary" && output.Substring(i.Location.Start, i.Location.Length) == i.Text
                && (i.Evidence is null || (i.Evidence.Name == "record" && i.Evidence.Start + i.Evidence.Length <= text.Length)));
        }, iter: 40);
    }

    [Fact]
    public void Check_DoseInAnyEquivalentUnit_IsGrounded_AndAnyOtherAmountIsNot()
    {
        Gen.Select(Gen.Int[1, 2000], Gen.Int[1, 50]).Sample((milligrams, delta) =>
        {
            var source = $"Aspirin {milligrams} mg daily.";
            var grams = (milligrams / 1000.0).ToString(CultureInfo.InvariantCulture);
            var same = fixture.Check(source, $"阿司匹林 {grams}g qd").Items.Single(i => i.Kind == GroundingItemKind.Dose);
            var other = fixture.Check(source, $"aspirin {milligrams + delta} mg").Items.Single(i => i.Kind == GroundingItemKind.Dose);
            return same.Grounded && !other.Grounded && other.Reason == Reasons.DoseDiffers;
        }, iter: 100);
    }

    [Fact]
    public void Check_AnyOtherDay_IsFlagged()
    {
        var days = Gen.Int[0, 3000].Select(d => new DateOnly(2020, 1, 1).AddDays(d));
        Gen.Select(days, Gen.Int[1, 400]).Sample((day, shift) =>
        {
            var source = $"入院日期 {day:yyyy-MM-dd}";
            var moved = day.AddDays(shift);
            var same = fixture.Check(source, $"{day.Year}年{day.Month}月{day.Day}日入院").Items.Single();
            var other = fixture.Check(source, $"Admitted on {moved.Day} {moved.ToString("MMMM", CultureInfo.InvariantCulture)} {moved.Year}.").Items.Single();
            return same.Grounded && other.Kind == GroundingItemKind.Date && !other.Grounded;
        }, iter: 100);
    }

    [Fact]
    public void Check_IsDeterministic()
    {
        var first = fixture.Check(ClinicalTexts.ChineseRecord, ClinicalTexts.EnglishSummary);
        var second = fixture.Check(ClinicalTexts.ChineseRecord, ClinicalTexts.EnglishSummary);

        Assert.Equal(first.Items, second.Items);
    }
}
