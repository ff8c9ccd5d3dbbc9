namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// Realistic inputs for each shipped template, Chinese and English (invented patients; the README's
/// worked examples use the same texts): what an HIS would send, and a faithful answer (every string
/// copied from the inputs, as the canned engine gives it).
/// </summary>
internal static class ShippedTaskExamples
{
    public static TheoryData<string, string, Dictionary<string, string>, string> All() => new()
    {
        { "discharge.summary", "zh", new()
        {
            ["admission_note"] = "患者男，68岁，因“反复胸闷3年，加重2天”于2026-03-01入院。既往高血压10年。查体：BP 150/90 mmHg，双肺呼吸音清。入院诊断：冠心病 不稳定型心绞痛（I20.0），高血压2级。",
            ["progress_notes"] = "2026-03-02 胸闷缓解，肌钙蛋白阴性。2026-03-03 行冠脉造影+PCI，术后无不适。2026-03-05 病情稳定，准予出院。",
            ["procedures"] = "2026-03-03 冠状动脉造影+经皮冠状动脉介入治疗（前降支植入支架1枚）。",
            ["labs"] = "2026-03-01 肌钙蛋白I <0.01 ng/mL；LDL-C 3.4 mmol/L；肌酐 88 μmol/L。",
            ["medications"] = "出院带药：阿司匹林 100mg 口服 每日一次；氯吡格雷 75mg 口服 每日一次；阿托伐他汀 20mg 口服 每晚一次。",
        }, """{"diagnoses":[{"name":"冠心病 不稳定型心绞痛","icd10":"I20.0"},{"name":"高血压2级"}],"hospital_course":"2026-03-03 行冠脉造影+PCI，术后无不适。","procedures":[{"name":"冠状动脉造影+经皮冠状动脉介入治疗（前降支植入支架1枚）","date":"2026-03-03"}],"discharge_medications":[{"name":"阿司匹林","dose":"100mg","route":"口服","frequency":"每日一次"},{"name":"氯吡格雷","dose":"75mg","route":"口服","frequency":"每日一次"}],"follow_up":""}""" },
        { "discharge.summary", "en", new()
        {
            ["admission_note"] = "72-year-old woman admitted 2026-04-10 with community-acquired pneumonia of the right lower lobe. History of type 2 diabetes. Temp 38.6 °C, SpO2 91% on air.",
            ["progress_notes"] = "Day 1: IV ceftriaxone 2 g daily started. Day 3: afebrile, SpO2 96% on air. Day 5: switched to oral amoxicillin-clavulanate 875/125 mg twice daily. Day 6: discharged home.",
            ["labs"] = "2026-04-10 CRP 142 mg/L, WBC 14.2 x10^9/L; 2026-04-14 CRP 31 mg/L.",
            ["medications"] = "Amoxicillin-clavulanate 875/125 mg oral twice daily for 5 more days; metformin 500 mg oral twice daily (unchanged).",
        }, """{"diagnoses":[{"name":"community-acquired pneumonia of the right lower lobe"}],"hospital_course":"Day 5: switched to oral amoxicillin-clavulanate 875/125 mg twice daily.","procedures":[],"discharge_medications":[{"name":"Amoxicillin-clavulanate","dose":"875/125 mg","route":"oral","frequency":"twice daily"}],"follow_up":""}""" },
        { "report.normalise", "zh", new()
        {
            ["dictation"] = "嗯，那个，胸部CT平扫，然后右肺上叶可见一个结节，大概8毫米，边界还算清楚，嗯，左肺下叶那个结节8厘米，纵隔没看到肿大淋巴结，就这样。",
            ["exam"] = "胸部CT平扫",
        }, """{"findings":"右肺上叶可见一个结节","impression":"","flags":[{"kind":"unit_error","note":"左肺下叶那个结节8厘米"}]}""" },
        { "report.normalise", "en", new()
        {
            ["dictation"] = "okay so abdominal ultrasound, um, liver is normal size, no focal lesion, the left kidney shows a simple cyst about 2.1 cm, let me see, right kidney normal, no hydronephrosis, uh that cyst in the right kidney is 21 mm, that's it.",
            ["exam"] = "Abdominal ultrasound",
        }, """{"findings":"the left kidney shows a simple cyst about 2.1 cm","impression":"a simple cyst about 2.1 cm","flags":[{"kind":"laterality_conflict","note":"the cyst is dictated in the left kidney, then in the right"}]}""" },
        { "notes.extract", "zh", new()
        {
            ["note"] = "诊断：2型糖尿病（E11.9），高血压。用药：二甲双胍 0.5g 口服 每日三次；氨氯地平 5mg 口服 每日一次。青霉素过敏（皮疹）。2026-05-06 空腹血糖 8.2 mmol/L，糖化血红蛋白 7.9%。",
        }, """{"diagnoses":[{"name":"2型糖尿病","icd10":"E11.9"},{"name":"高血压"}],"medications":[{"name":"二甲双胍","dose":"0.5g","route":"口服","frequency":"每日三次"}],"allergies":[{"substance":"青霉素","reaction":"皮疹"}],"lab_values":[{"name":"空腹血糖","value":"8.2","unit":"mmol/L","date":"2026-05-06"}]}""" },
        { "notes.extract", "en", new()
        {
            ["note"] = "Dx: atrial fibrillation (I48.91). Meds: apixaban 5 mg PO BID, metoprolol 25 mg PO BID. Allergy: sulfonamides (rash). Labs 2026-06-02: creatinine 96 umol/L, Hb 128 g/L.",
        }, """{"diagnoses":[{"name":"atrial fibrillation","icd10":"I48.91"}],"medications":[{"name":"apixaban","dose":"5 mg","route":"PO","frequency":"BID"}],"allergies":[{"substance":"sulfonamides","reaction":"rash"}],"lab_values":[{"name":"creatinine","value":"96","unit":"umol/L","date":"2026-06-02"}]}""" },
        { "preconsult.summary", "zh", new()
        {
            ["answers"] = "哪里不舒服：上腹痛\n多久了：3天\n疼痛性质：烧灼样，饭后加重\n有无黑便：昨天解过一次黑色大便\n正在用药：布洛芬 每日两次（膝关节痛）",
            ["department"] = "消化内科",
        }, """{"chief_complaint":"上腹痛","history_of_present_illness":"烧灼样，饭后加重","red_flags":["昨天解过一次黑色大便"]}""" },
        { "preconsult.summary", "en", new()
        {
            ["answers"] = "Main problem: headaches\nHow long: 2 weeks\nWhere: both temples, worse in the morning\nOther symptoms: blurred vision since yesterday\nMedicines: none",
            ["department"] = "Neurology",
        }, """{"chief_complaint":"headaches","history_of_present_illness":"both temples, worse in the morning","red_flags":["blurred vision since yesterday"]}""" },
    };
}
