namespace Appliance.Grounding.Text;

/// <summary>
/// Values of the number words that clinical text writes before a unit: Chinese numerals up to the
/// hundreds (三, 两, 十二, 二十五, 一百, 半) and English words one to twelve. Hand-written: no served
/// library converts Chinese numerals, and the forms needed are few.
/// </summary>
internal static class NumberWords
{
    private static readonly Dictionary<string, double> EnglishWords = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
        ["a"] = 1, ["an"] = 1, ["half a"] = 0.5,
    };

    /// <summary>The value of a number as written (digits, Chinese numerals or an English word), or null.</summary>
    public static double? Parse(string text)
    {
        if (double.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return EnglishWords.TryGetValue(text, out var word) ? word : ParseChinese(text);
    }

    private static double? ParseChinese(string text)
    {
        if (text == "半")
        {
            return 0.5;
        }

        double total = 0, digit = 0;
        var any = false;
        foreach (var c in text)
        {
            var d = Digit(c);
            if (d >= 0)
            {
                digit = d;
                any = true;
            }
            else if (c is '十' or '百')
            {
                var unit = c == '十' ? 10 : 100;
                total += (any ? digit : 1) * unit;
                digit = 0;
                any = false;
            }
            else
            {
                return null;
            }
        }

        return total + digit;
    }

    private static int Digit(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };
}
