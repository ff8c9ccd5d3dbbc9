using System.Globalization;
using System.Text;

namespace Appliance.Core.Structured;

/// <summary>
/// The rules of one grammar being built: unique rule names, the shared primitives (added once, on
/// first use, with the primitives they use) and GBNF literal and character escaping.
/// </summary>
internal sealed class GbnfRules
{
    private const int MaxNameLength = 48;
    private readonly Dictionary<string, string?> bodies = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Adds the primitive rule <paramref name="name"/> (see <see cref="GbnfPrimitives"/>) and returns its name.</summary>
    public string Use(string name)
    {
        if (!bodies.ContainsKey(name))
        {
            var primitive = GbnfPrimitives.All[name];
            Define(name, primitive.Body);
            foreach (var dependency in primitive.Uses)
            {
                Use(dependency);
            }
        }

        return name;
    }

    /// <summary>Reserves a fresh rule name derived from <paramref name="hint"/>; its body comes later through <see cref="Define"/>.</summary>
    public string Reserve(string hint)
    {
        var stem = Sanitize(hint);
        var name = stem;
        for (var n = 2; bodies.ContainsKey(name) || GbnfPrimitives.All.ContainsKey(name) || name == "root"; n++)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}");
        }

        bodies[name] = null;
        order.Add(name);
        return name;
    }

    /// <summary>Adds a rule with a fresh name derived from <paramref name="hint"/> and returns the name.</summary>
    public string Add(string hint, string body)
    {
        var name = Reserve(hint);
        bodies[name] = body;
        return name;
    }

    /// <summary>Sets the body of a reserved rule (or of <c>root</c>).</summary>
    public void Define(string name, string body)
    {
        if (!bodies.ContainsKey(name))
        {
            order.Add(name);
        }

        bodies[name] = body;
    }

    /// <summary>The grammar text: <c>root</c> first, then the other rules in the order they were added.</summary>
    public GbnfGrammar Build(string rootBody)
    {
        var text = new StringBuilder().Append("root ::= ").Append(rootBody).Append('\n');
        foreach (var name in order)
        {
            text.Append(name).Append(" ::= ").Append(bodies[name] ?? throw new InvalidOperationException($"rule {name} has no body")).Append('\n');
        }

        return new GbnfGrammar(text.ToString(), "root");
    }

    /// <summary>A GBNF string literal that matches <paramref name="text"/> exactly (UTF-8 passes through; quotes, backslashes and controls are escaped).</summary>
    public static string Literal(string text)
    {
        var literal = new StringBuilder("\"");
        foreach (var c in text)
        {
            literal.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\u007f' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"),
                _ => c.ToString(),
            });
        }

        return literal.Append('"').ToString();
    }

    /// <summary>One code point inside a GBNF character class: ASCII letters and digits as they are, the rest escaped.</summary>
    public static string ClassChar(int codePoint) => codePoint switch
    {
        < 0x80 when char.IsAsciiLetterOrDigit((char)codePoint) => ((char)codePoint).ToString(),
        < 0x80 => string.Create(CultureInfo.InvariantCulture, $"\\x{codePoint:X2}"),
        <= 0xFFFF => string.Create(CultureInfo.InvariantCulture, $"\\u{codePoint:X4}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"\\U{codePoint:X8}"),
    };

    /// <summary>A repetition suffix in GBNF for <paramref name="min"/> to <paramref name="max"/> (null: unbounded) occurrences.</summary>
    public static string Repeat(int min, int? max) => (min, max) switch
    {
        (0, null) => "*",
        (1, null) => "+",
        (0, 1) => "?",
        (_, null) => string.Create(CultureInfo.InvariantCulture, $"{{{min},}}"),
        var (lo, hi) when lo == hi => string.Create(CultureInfo.InvariantCulture, $"{{{lo}}}"),
        var (lo, hi) => string.Create(CultureInfo.InvariantCulture, $"{{{lo},{hi}}}"),
    };

    private static string Sanitize(string hint)
    {
        var name = new StringBuilder();
        foreach (var c in hint)
        {
            var keep = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (keep != '-' || (name.Length > 0 && name[^1] != '-'))
            {
                name.Append(keep);
            }
        }

        var result = name.ToString().Trim('-');
        result = result.Length > MaxNameLength ? result[..MaxNameLength].TrimEnd('-') : result;
        return result.Length == 0 ? "schema" : result;
    }
}
