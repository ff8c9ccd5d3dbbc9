using System.Text;

namespace Appliance.Core.Structured;

/// <summary>
/// One regex character class (<c>[a-z0-9_]</c>, <c>[^,;]</c>) of a <c>pattern</c>, as GBNF over JSON string
/// text. A raw quote, backslash or control character cannot stand in a JSON string: in a positive class a
/// quote or backslash becomes its escape as an alternative, tab, newline and carriage return their
/// <c>\t \n \r</c> escapes, other controls are dropped; a negated class excludes them all.
/// </summary>
internal sealed class PatternClass(string pattern, Func<string, SchemaNotSupportedException> refuse)
{
    private static readonly char[] JsonEscaped = ['\t', '\n', '\r', '"', '\\'];
    private readonly List<(int Low, int High)> ranges = [];

    /// <summary>Reads the class that starts at <paramref name="position"/> (on its '[') and returns its GBNF expression.</summary>
    public string Read(ref int position)
    {
        position++;
        var negated = position < pattern.Length && pattern[position] == '^';
        position += negated ? 1 : 0;
        var first = true;
        while (position < pattern.Length && (pattern[position] != ']' || first))
        {
            first = false;
            var low = Member(ref position, negated);
            if (low is null)
            {
                continue;
            }

            if (position + 1 < pattern.Length && pattern[position] == '-' && pattern[position + 1] != ']')
            {
                position++;
                var high = Member(ref position, negated) ?? throw refuse("has a range that ends in a class escape");
                if (high < low)
                {
                    throw refuse("has a character range whose end is before its start");
                }

                ranges.Add((low.Value, high));
            }
            else
            {
                ranges.Add((low.Value, low.Value));
            }
        }

        if (position >= pattern.Length)
        {
            throw refuse("has an unclosed '['");
        }

        position++;
        return negated ? Negated() : Positive();
    }

    /// <summary>One member: a code point (returned) or a class escape such as \d (added to the ranges; null returned).</summary>
    private int? Member(ref int position, bool negated)
    {
        if (pattern[position] != '\\')
        {
            var rune = Rune.GetRuneAt(pattern, position);
            position += rune.Utf16SequenceLength;
            return rune.Value;
        }

        if (position + 1 >= pattern.Length)
        {
            throw refuse("ends in a lone backslash");
        }

        var c = pattern[position + 1];
        position += 2;
        switch (c)
        {
            case 'd':
                ranges.Add(('0', '9'));
                return null;
            case 'w':
                ranges.AddRange([('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]);
                return null;
            case 's' when !negated:
                ranges.AddRange([(' ', ' '), ('\t', '\n'), ('\r', '\r')]);
                return null;
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case var letter when char.IsAsciiLetterOrDigit(letter) || letter >= 0x80:
                throw refuse($"uses the escape \\{letter} in a class, which is not in the supported subset (\\d \\w, \\s outside [^ ], \\n \\t \\r)");
            default:
                return c;
        }
    }

    private string Positive()
    {
        var alternatives = new List<string>();
        var plain = new StringBuilder();
        foreach (var (low, high) in ranges)
        {
            // Split each range around the code points JSON must escape.
            foreach (var special in JsonEscaped.Where(s => s >= low && s <= high))
            {
                alternatives.Add(GbnfRules.Literal(special switch { '\t' => "\\t", '\n' => "\\n", '\r' => "\\r", _ => PatternTranslator.JsonText(special.ToString()) }));
            }

            for (var cp = Math.Max(low, 0x20); cp <= high; cp++)
            {
                if (cp is '"' or '\\')
                {
                    continue;
                }

                var end = cp;
                while (end + 1 <= high && end + 1 != '"' && end + 1 != '\\')
                {
                    end++;
                }

                plain.Append(GbnfRules.ClassChar(cp)).Append(end > cp ? "-" + GbnfRules.ClassChar(end) : string.Empty);
                cp = end;
            }
        }

        if (plain.Length > 0)
        {
            alternatives.Insert(0, $"[{plain}]");
        }

        var distinct = alternatives.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count switch
        {
            0 => throw refuse("has a class that admits no character a JSON string can hold"),
            1 => distinct[0],
            _ => $"( {string.Join(" | ", distinct)} )",
        };
    }

    private string Negated()
    {
        var excluded = new StringBuilder("\"\\\\\\x00-\\x1F");
        foreach (var (low, high) in ranges)
        {
            excluded.Append(GbnfRules.ClassChar(low)).Append(high > low ? "-" + GbnfRules.ClassChar(high) : string.Empty);
        }

        return $"[^{excluded}]";
    }
}
