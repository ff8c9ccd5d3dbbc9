namespace Appliance.Grounding.Extraction;

/// <summary>
/// A unit as written (folded: lower case, NFKC), its dimension and its factor to the dimension's base
/// unit, so that 0.1 g and 100 mg, 100毫克 and 100 mg, 2 weeks and 14 days compare equal.
/// </summary>
internal sealed record Unit(string Spelling, string Dimension, double Factor)
{
    public const string Mass = "mass-mg";
    public const string Volume = "volume-ml";
    public const string Units = "units-iu";
    public const string MassConcentration = "concentration-g/l";
    public const string MolarConcentration = "concentration-mmol/l";
    public const string CellCount = "count-10^9/l";
    public const string Enzyme = "activity-u/l";
    public const string Percent = "percent";
    public const string Time = "time-s";
    public const string Months = "time-months";
    public const string Age = "age-years";
    public const string Length = "length-mm";
    public const string Temperature = "temperature-c";
    public const string Pressure = "pressure-mmhg";
    public const string Rate = "rate-per-min";

    /// <summary>Every spelling the checker reads after a number; the matcher tries the longest first.</summary>
    public static IReadOnlyList<Unit> All { get; } =
    [
        .. Of(Mass, 1e6, "kg", "千克", "公斤"), .. Of(Mass, 1000, "g", "克"), .. Of(Mass, 1, "mg", "毫克"),
        .. Of(Mass, 1e-3, "μg", "ug", "mcg", "微克"), .. Of(Mass, 1e-6, "ng", "纳克"),
        .. Of(Volume, 1000, "l", "升"), .. Of(Volume, 1, "ml", "毫升"),
        .. Of(Units, 1, "iu", "u", "unit", "units", "单位"), .. Of(Units, 10000, "万单位", "万u", "万iu"),
        .. Of(MassConcentration, 1, "g/l"), .. Of(MassConcentration, 10, "g/dl"), .. Of(MassConcentration, 1e-3, "mg/l", "μg/ml", "ug/ml"),
        .. Of(MassConcentration, 1e-2, "mg/dl"), .. Of(MassConcentration, 1e-6, "ng/ml", "μg/l", "ug/l"), .. Of(MassConcentration, 1e-9, "pg/ml"),
        .. Of(MolarConcentration, 1, "mmol/l"), .. Of(MolarConcentration, 1e-3, "μmol/l", "umol/l"), .. Of(MolarConcentration, 1e-6, "nmol/l"),
        .. Of(CellCount, 1, "×10^9/l", "x10^9/l", "*10^9/l", "×109/l", "x109/l", "10^9/l"),
        .. Of(CellCount, 1000, "×10^12/l", "x10^12/l", "*10^12/l", "×1012/l", "x1012/l", "10^12/l"),
        .. Of(Enzyme, 1, "u/l", "iu/l"),
        .. Of(Percent, 1, "%"),
        .. Of(Time, 60, "min", "mins", "minute", "minutes", "分钟"), .. Of(Time, 3600, "h", "hr", "hrs", "hour", "hours", "小时"),
        .. Of(Time, 86400, "d", "day", "days", "天"), .. Of(Time, 604800, "wk", "wks", "week", "weeks", "周", "星期"),
        .. Of(Months, 1, "month", "months", "个月"), .. Of(Months, 12, "year", "years", "年"),
        .. Of(Age, 1, "岁", "years old", "year-old", "year old"),
        .. Of(Length, 1, "mm", "毫米"), .. Of(Length, 10, "cm", "厘米"),
        .. Of(Temperature, 1, "°c", "°"),
        .. Of(Pressure, 1, "mmhg"),
        .. Of(Rate, 1, "次/分", "次/min", "bpm", "/min", "次/分钟"),
    ];

    /// <summary>Dimensions whose quantities are laboratory values.</summary>
    public static bool IsLab(string dimension) =>
        dimension is MassConcentration or MolarConcentration or CellCount or Enzyme or Percent;

    /// <summary>Dimensions a drug dose is given in.</summary>
    public static bool IsDose(string dimension) => dimension is Mass or Volume or Units;

    /// <summary>Dimensions of durations.</summary>
    public static bool IsDuration(string dimension) => dimension is Time or Months;

    private static IEnumerable<Unit> Of(string dimension, double factor, params string[] spellings) =>
        spellings.Select(s => new Unit(s, dimension, factor));
}
