namespace Appliance.Core.Structured;

/// <summary>
/// Reads a caller's GBNF the way llama.cpp's grammar parser does (<c>llama_grammar_parser::parse</c>
/// in llama-grammar.cpp) and says, by line and column, where it would fail — before llama.cpp sees
/// it. That parser prints a grammar it cannot parse, whole, to the process's stderr (the journal, out
/// of reach of the appliance's log filters), and a caller's grammar can hold patient text; this check
/// keeps such a grammar from ever reaching it, and gives the integrator a position instead of "cannot
/// parse". Hand-written: no GBNF parser for .NET is served here.
/// </summary>
/// <remarks>
/// Follows llama.cpp's rules: a rule is <c>name ::= alternatives</c> ending at a newline (names of
/// letters, digits and '-'), newlines only inside parentheses or after '|'; elements are
/// <c>"literal"</c>, <c>[class]</c> (with '^', ranges and the escapes <c>\x \u \U \t \r \n \\ \" \[ \]</c>),
/// rule names, <c>( … )</c>, <c>.</c>, and the postfixes <c>* + ? {m} {m,} {m,n}</c> (counts up to
/// <see cref="MaxRepetitions"/>; after a postfix that may repeat zero times, no further postfix);
/// '#' starts a comment. Every rule referenced must be defined. Checked against the llama.cpp build
/// LLamaSharp 0.30.0 binds (c0c7e147) by GbnfSyntaxTests, grammar by grammar. Stricter than llama.cpp in two ways, both refused
/// with a clear message: token references (<c>&lt;…&gt;</c>, <c>!&lt;…&gt;</c>), which llama.cpp
/// resolves against the vocabulary and reports (again with the grammar's text) when they do not
/// tokenise to one token. Messages never quote the grammar.
/// </remarks>
public static class GbnfSyntax
{
    /// <summary>The largest repetition count (either bound) the bound llama.cpp accepts (2000 and up are refused).</summary>
    public const int MaxRepetitions = 1999;

    /// <summary>Null when llama.cpp's parser would read <paramref name="text"/> with a rule named <paramref name="rootRule"/>; else where and why not.</summary>
    public static string? Check(string text, string rootRule)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rootRule);
        var reader = new GbnfReader(text);
        try
        {
            reader.Parse();
        }
        catch (GbnfSyntaxException ex)
        {
            var (line, column) = Position(text, ex.Position);
            return $"line {line}, column {column}: {ex.Message}";
        }

        if (reader.Undefined() is { } missing)
        {
            var (line, column) = Position(text, missing.Position);
            return $"line {line}, column {column}: the rule \"{Printable(missing.Name)}\" is used but not defined";
        }

        return reader.Defined(rootRule) ? null : $"there is no rule named \"{Printable(rootRule)}\" to start from";
    }

    private static (int Line, int Column) Position(string text, int position)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < Math.Min(position, text.Length); i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, position - lineStart + 1);
    }

    /// <summary>Rule names are letters, digits and '-' only: safe to repeat, but bounded in length.</summary>
    private static string Printable(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
