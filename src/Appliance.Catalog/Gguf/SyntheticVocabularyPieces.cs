namespace Appliance.Catalog.Gguf;

/// <summary>The curated pieces of the synthetic vocabulary, most useful first.</summary>
internal static class SyntheticVocabularyPieces
{
    /// <summary>Words that get a "▁word" piece and every prefix of it (so SentencePiece-style
    /// merging can build the whole word); clinical terms first.</summary>
    public static readonly string[] Words =
    [
        "patient", "pain", "chest", "fever", "blood", "pressure", "history", "diagnosis", "discharge",
        "summary", "report", "heart", "the", "The", "Patient", "and", "of", "with", "has", "had", "for",
        "days", "day", "three", "two", "was", "is", "a", "in", "to", "on", "no", "not", "denies",
        "cough", "headache", "head", "nausea", "vomiting", "shortness", "breath", "rate", "lung", "lungs",
        "liver", "kidney", "admitted", "admission", "presented", "presents", "complains", "reports",
        "onset", "acute", "chronic", "severe", "mild", "moderate", "normal", "abnormal", "examination",
        "exam", "test", "tests", "result", "results", "medication", "medications", "dose", "mg", "tablet",
        "treatment", "therapy", "surgery", "infection", "diabetes", "hypertension", "cancer", "stroke",
        "symptoms", "symptom", "diagnosed", "follow", "plan", "signs", "vital", "temperature", "pulse",
        "oxygen", "saturation", "ECG", "CT", "MRI", "scan", "lab", "glucose", "insulin", "antibiotics",
        "allergy", "allergies", "stable", "condition", "improved", "note", "notes", "assessment",
        "physical", "family", "social", "medical", "surgical", "past", "present", "illness", "complaint",
        "chief", "myocardial", "infarction", "pneumonia", "asthma", "abdominal", "abdomen", "emergency",
        "department", "ward", "bed", "hospital", "doctor", "nurse", "clinic", "care", "man", "woman",
        "male", "female", "age", "aged", "year", "years", "old", "week", "weeks", "time", "left", "right",
        "an", "be", "are", "were", "been", "have", "or", "but", "from", "this", "that", "which", "who",
        "will", "would", "can", "could", "should", "may", "after", "before", "during", "up", "down",
        "new", "one", "four", "five", "ten", "first", "last", "all", "some", "any", "more", "most",
        "other", "also", "than", "then", "there", "here", "when", "where", "what", "how", "why", "good",
        "well", "very", "about", "into", "over", "under", "per", "daily", "he", "she", "it", "his", "her",
        "they", "we", "you", "He", "She", "It", "This", "A", "In", "On", "No", "History", "Diagnosis",
        "Discharge", "Summary", "Chief", "Plan", "Assessment", "Hello", "hello", "world", "please",
        "thank", "thanks", "yes", "today", "morning", "night", "home", "assistant", "user", "system",
    ];

    /// <summary>Common subwords (no word-start marker).</summary>
    public static readonly string[] Subwords =
    [
        "th", "he", "in", "er", "an", "re", "on", "at", "en", "nd", "ti", "es", "or", "te", "of", "ed",
        "is", "it", "al", "ar", "st", "to", "nt", "ng", "se", "ha", "as", "ou", "io", "le", "ve", "co",
        "me", "de", "hi", "ri", "ro", "ic", "ne", "ea", "ra", "ce", "li", "ch", "ll", "be", "ma", "si",
        "om", "ur", "ing", "ion", "ent", "tion", "ation", "ly", "ers", "est", "ment", "ness", "ous",
        "ive", "able", "ism", "ist", "ity", "pre", "pro", "con", "dis", "un", "ia", "itis", "emia",
        "ology", "ectomy", "gram", "scopy", "'s", "ml", "kg", "mmHg",
    ];

    /// <summary>Common Chinese characters, medical ones first (duplicates are dropped).</summary>
    public const string Chinese =
        "患者发热头痛胸血压诊断出院小结医生病史检查治疗药物心肺肝肾咳嗽天日年月的了是不在有和我你他一二三" +
        "四五六七八九十百千万周时分钟次疼呕吐腹泻恶乏力呼吸困难咽喉鼻眼耳口牙皮肤骨关节肌肉神经脑脊髓胃肠部胆胰脾" +
        "膀胱尿便糖脂蛋白细胞红板炎症感染毒菌抗素手术住门急科室护士主任床号性别男女龄岁入既往过敏家族个人体格命征" +
        "温脉搏率收缩舒张氧饱度无明显异常正阳阴高低升降增减少多加重缓解好转稳定恢复随访建议嘱注意休息饮食服用静射" +
        "滴每片粒毫克剂量大中国上下来去这那们为就说要会对也能而得着过子到以可所里后自然没看想起还把被让给从进行动" +
        "作工学老师朋友外前面左右东西南北开关问题知道候现今明昨早晚午电话名字称码地方活事情经济社会展历文化语言" +
        "电脑机场车站钱买卖吃喝睡觉走跑坐站听写读书信息数据系统服务器模型";
}
