namespace Appliance.Grounding.Tests;

/// <summary>Hand-written clinical texts (invented patients) and summaries that the tests alter one fact at a time.</summary>
internal static class ClinicalTexts
{
    public const string ChineseRecord =
        "患者男，65岁，因“胸痛3天”于2026年3月1日入院。既往高血压病史10年，否认糖尿病史，否认药物过敏史。" +
        "查体：左下肢水肿。血红蛋白 95 g/L，肌酐 88 μmol/L，血钾 4.1 mmol/L。心电图未见明显ST段抬高。" +
        "诊断：急性心肌梗死（I21.4）。治疗：阿司匹林 100mg 每日一次，氯吡格雷 75mg 每日一次，阿托伐他汀 20mg 每晚一次。" +
        "住院7天，于2026年3月8日出院，出院后2周门诊复诊。";

    public const string ChineseSummary =
        "65岁男性，胸痛3天，2026年3月1日入院，诊断急性心肌梗死（I21.4）。既往高血压10年，否认糖尿病史。查体见左下肢水肿。" +
        "血红蛋白 95 g/L，肌酐 88 μmol/L。出院带药：阿司匹林 100mg qd，氯吡格雷 75mg qd，阿托伐他汀 20mg qn。" +
        "住院7天，2026年3月8日出院，两周后门诊复诊。";

    public const string EnglishRecord =
        "A 65-year-old man was admitted on 1 March 2026 with chest pain for 3 days. History of hypertension for 10 years. " +
        "He denies diabetes and drug allergies. Examination: swelling of the left lower limb. " +
        "Hb 95 g/L, creatinine 88 umol/L, potassium 4.1 mmol/L. ECG showed no ST elevation. " +
        "Diagnosis: acute myocardial infarction (I21.4). Treatment: aspirin 100 mg daily, clopidogrel 75 mg daily, atorvastatin 20 mg at night. " +
        "He was discharged on March 8, 2026 after 7 days. Follow-up in 2 weeks.";

    public const string EnglishSummary =
        "65-year-old man admitted 2026-03-01 with 3 days of chest pain; acute myocardial infarction (I21.4). " +
        "Hypertension for 10 years. No diabetes. Left lower limb swelling. Hb 95 g/L, creatinine 88 µmol/L. " +
        "Discharge medications: aspirin 100 mg daily, clopidogrel 75 mg daily, atorvastatin 20 mg at night. " +
        "Discharged on 8 March 2026 after 7 days; follow-up in two weeks.";
}
