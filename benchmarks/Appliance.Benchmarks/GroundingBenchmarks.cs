using System.Globalization;
using System.Text;
using Appliance.Core.Grounding;
using Appliance.Grounding;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;

namespace Appliance.Benchmarks;

/// <summary>
/// What the grounding check costs per 1,000 output tokens (issue 16's target: under 5 % of the time
/// the model takes to generate them). One check = a discharge-summary-like output of about 1,000
/// tokens (counted with the o200k BPE vocabulary) against a record three times as long, Chinese or
/// English; the record's facts vary (doses, dates, lab values) so matching is not over copies.
/// </summary>
[MemoryDiagnoser]
public class GroundingBenchmarks
{
    private const int OutputTokens = 1000;

    private GroundingChecker _checker = null!;
    private GroundingText[] _sources = null!;
    private GroundingText[] _outputs = null!;

    [Params("zh", "en")]
    public string Language { get; set; } = "zh";

    /// <summary>The output's real token count (printed in the setup), to scale a result to exactly 1,000.</summary>
    public int OutputTokenCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _checker = new GroundingChecker(Options.Create(new GroundingOptions { LexiconFolder = "/nonexistent" }), NullLogger<GroundingChecker>.Instance);
        var tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");
        var output = Build(tokenizer, OutputTokens, day => Language == "zh" ? ChineseSummary(day) : EnglishSummary(day));
        var source = Build(tokenizer, 3 * OutputTokens, day => Language == "zh" ? ChineseRecord(day) : EnglishRecord(day));
        OutputTokenCount = tokenizer.CountTokens(output);
        _sources = [new GroundingText("record", source)];
        _outputs = [new GroundingText("/summary", output)];
        var report = _checker.Check(_sources, _outputs);
        Console.WriteLine($"// grounding {Language}: output {OutputTokenCount} tokens ({output.Length} chars), source {tokenizer.CountTokens(source)} tokens, {report.Items.Count} items, {report.UngroundedCount} ungrounded");
    }

    [Benchmark]
    public GroundingReport Check() => _checker.Check(_sources, _outputs);

    private static string Build(Tokenizer tokenizer, int tokens, Func<int, string> paragraph)
    {
        var text = new StringBuilder();
        for (var day = 1; tokenizer.CountTokens(text.ToString()) < tokens; day++)
        {
            text.Append(paragraph(day)).Append('\n');
        }

        return text.ToString();
    }

    private static string ChineseRecord(int day) => string.Create(CultureInfo.InvariantCulture,
        $"2026年3月{day % 28 + 1}日查房：患者胸痛{day % 5 + 1}天，否认糖尿病史，否认药物过敏史。查体：左下肢水肿，右肺呼吸音低。血红蛋白 {90 + day} g/L，肌酐 {80 + day} μmol/L，血钾 4.{day % 10} mmol/L。" +
        $"心电图未见明显ST段抬高。诊断：急性心肌梗死（I21.4）。阿司匹林 100mg qd，氯吡格雷 75mg qd，阿托伐他汀 {10 * (day % 4 + 1)}mg qn，美托洛尔 {day % 3 + 1}2.5mg bid。体温 37.{day % 10}℃，心率 {70 + day % 20}次/分。");

    private static string ChineseSummary(int day) => string.Create(CultureInfo.InvariantCulture,
        $"3月{day % 28 + 1}日：胸痛{day % 5 + 1}天，否认糖尿病史。左下肢水肿。血红蛋白 {90 + day} g/L，肌酐 {80 + day} μmol/L。出院带药：阿司匹林 0.1g qd，氯吡格雷 75毫克 qd，阿托伐他汀 {10 * (day % 4 + 1)}mg qn。两周后复诊。");

    private static string EnglishRecord(int day) => string.Create(CultureInfo.InvariantCulture,
        $"Ward round {day % 28 + 1} March 2026: chest pain for {day % 5 + 1} days; denies diabetes and drug allergies. Swelling of the left lower limb, reduced breath sounds over the right lung. " +
        $"Hb {90 + day} g/L, creatinine {80 + day} umol/L, potassium 4.{day % 10} mmol/L. ECG shows no ST elevation. Acute myocardial infarction (I21.4). " +
        $"Aspirin 100 mg daily, clopidogrel 75 mg daily, atorvastatin {10 * (day % 4 + 1)} mg at night, metoprolol {day % 3 + 1}2.5 mg twice daily. Temperature 37.{day % 10} °C, pulse {70 + day % 20} bpm.");

    private static string EnglishSummary(int day) => string.Create(CultureInfo.InvariantCulture,
        $"On {day % 28 + 1} March: chest pain for {day % 5 + 1} days, no diabetes. Left lower limb swelling. Hb {90 + day} g/L, creatinine {80 + day} µmol/L. " +
        $"Discharge medications: aspirin 0.1 g daily, clopidogrel 75 mg daily, atorvastatin {10 * (day % 4 + 1)} mg at night. Follow-up in two weeks.");
}
