using System.Globalization;
using System.Text;

namespace Appliance.Core.Structured;

/// <summary>
/// Translates a JSON Schema <c>pattern</c> into GBNF for the inside of a JSON string. The subset: literal
/// characters, classes (<c>[a-z0-9_]</c>, <c>[^,;]</c>), <c>.</c>, escapes <c>\d \w \s</c>, <c>\n \t \r</c> and
/// escaped punctuation, quantifiers <c>? * + {n} {n,} {n,m}</c>, groups <c>( )</c> and <c>(?: )</c> with
/// <c>|</c>, and <c>^</c>/<c>$</c> at the ends only. The pattern is taken as anchored at both ends: the
/// grammar emits a whole-string match, which also satisfies JSON Schema's unanchored search. Anything else
/// (lookarounds, backreferences, lazy quantifiers, <c>\b</c>, <c>\p{..}</c>, <c>\D \W \S</c>) is refused.
/// Characters are written as JSON text: a quote or backslash in the pattern becomes its JSON escape. Where
/// JSON could spell a character two ways, the grammar admits one (a subset of what the pattern admits).
/// </summary>
internal sealed class PatternTranslator(string pattern, string pointer, GbnfRules rules)
{
    private const int MaxPatternLength = 1024;
    private int position;

    /// <summary>The GBNF expression for the pattern; throws <see cref="SchemaNotSupportedException"/> naming keyword "pattern".</summary>
    public string Translate()
    {
        if (pattern.Length > MaxPatternLength)
        {
            throw Refuse($"is longer than {MaxPatternLength} characters");
        }

        if (pattern.StartsWith('^'))
        {
            position = 1;
        }

        var expression = Alternation();
        if (position < pattern.Length)
        {
            throw Refuse($"has an unmatched ')' at offset {position}");
        }

        return expression.Length == 0 ? "\"\"" : expression;
    }

    private string Alternation()
    {
        var branches = new List<string> { Sequence() };
        while (Peek('|'))
        {
            position++;
            branches.Add(Sequence());
        }

        if (branches.Any(b => b.Length == 0))
        {
            throw Refuse("has an empty alternative");
        }

        return branches.Count == 1 ? branches[0] : $"( {string.Join(" | ", branches)} )";
    }

    private string Sequence()
    {
        var atoms = new List<string>();
        while (position < pattern.Length && !Peek('|') && !Peek(')'))
        {
            if (Peek('$') && (position == pattern.Length - 1))
            {
                position++;
                break;
            }

            var atom = Atom();
            atoms.Add(atom + Quantifier());
        }

        return string.Join(" ", atoms);
    }

    private string Atom()
    {
        var c = pattern[position];
        switch (c)
        {
            case '(':
                position++;
                if (Peek('?'))
                {
                    if (position + 1 < pattern.Length && pattern[position + 1] == ':')
                    {
                        position += 2;
                    }
                    else
                    {
                        throw Refuse("uses a group form other than ( ) and (?: ) (lookarounds and named groups are not supported)");
                    }
                }

                var inner = Alternation();
                if (!Peek(')'))
                {
                    throw Refuse("has an unclosed '('");
                }

                position++;
                return $"( {inner} )";
            case '[':
                return new PatternClass(pattern, Refuse).Read(ref position);
            case '.':
                position++;
                return rules.Use("dot");
            case '\\':
                return Escape();
            case '^' or '$':
                throw Refuse($"uses the anchor '{c}' inside the pattern (only at its ends)");
            case '*' or '+' or '?' or '{' or '}' or ']':
                throw Refuse($"has '{c}' with nothing to repeat at offset {position} (escape it to match it)");
            default:
                var rune = Rune.GetRuneAt(pattern, position);
                position += rune.Utf16SequenceLength;
                return rune.Value < 0x20 ? throw Refuse("contains a control character") : GbnfRules.Literal(JsonText(rune.ToString()));
        }
    }

    private string Escape()
    {
        if (position + 1 >= pattern.Length)
        {
            throw Refuse("ends in a lone backslash");
        }

        var c = pattern[position + 1];
        position += 2;
        return c switch
        {
            'd' => "[0-9]",
            'w' => "[a-zA-Z0-9_]",
            's' => "( \" \" | \"\\\\t\" | \"\\\\n\" | \"\\\\r\" )",
            'n' => GbnfRules.Literal("\\n"),
            't' => GbnfRules.Literal("\\t"),
            'r' => GbnfRules.Literal("\\r"),
            _ when char.IsAsciiLetterOrDigit(c) => throw Refuse($"uses the escape \\{c}, which is not in the supported subset (\\d \\w \\s \\n \\t \\r)"),
            _ when c < 0x80 => GbnfRules.Literal(JsonText(c.ToString())),
            _ => throw Refuse($"escapes the non-ASCII character at offset {position - 1}"),
        };
    }

    private string Quantifier()
    {
        if (position >= pattern.Length)
        {
            return string.Empty;
        }

        string suffix;
        switch (pattern[position])
        {
            case '?' or '*' or '+':
                suffix = pattern[position].ToString();
                position++;
                break;
            case '{':
                var close = pattern.IndexOf('}', position);
                var bounds = close < 0 ? [] : pattern[(position + 1)..close].Split(',');
                if (bounds.Length is < 1 or > 2 || !int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min))
                {
                    throw Refuse($"has a '{{' at offset {position} that is not a quantifier {{n}}, {{n,}} or {{n,m}}");
                }

                int? max = bounds.Length == 1 ? min : bounds[1].Length == 0 ? null
                    : int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : throw Refuse($"has a malformed quantifier at offset {position}");
                if (max < min || min > SchemaLimits.MaxRepetition || max > SchemaLimits.MaxRepetition)
                {
                    throw Refuse($"has a quantifier at offset {position} outside 0..{SchemaLimits.MaxRepetition} or with max below min");
                }

                suffix = GbnfRules.Repeat(min, max);
                position = close + 1;
                break;
            default:
                return string.Empty;
        }

        if (position < pattern.Length && pattern[position] is '?' or '+' or '*' or '{')
        {
            throw Refuse("uses a lazy, possessive or doubled quantifier");
        }

        return suffix;
    }

    private bool Peek(char c) => position < pattern.Length && pattern[position] == c;

    /// <summary>How a character is written inside a JSON string: quote and backslash escaped, the rest as is.</summary>
    internal static string JsonText(string text) => text switch
    {
        "\"" => "\\\"",
        "\\" => "\\\\",
        _ => text,
    };

    private SchemaNotSupportedException Refuse(string why) => SchemaNotSupportedException.Invalid(pointer, "pattern", why);
}
