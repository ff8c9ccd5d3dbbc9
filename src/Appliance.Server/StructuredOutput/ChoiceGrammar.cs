using System.Globalization;
using System.Text;
using Appliance.Core.Generation;

namespace Appliance.Server.StructuredOutput;

/// <summary>
/// A GBNF grammar whose sentences are exactly the given strings: <c>root ::= "a" | "b"</c>, each
/// string a GBNF literal, so any text (quotes, backslashes, line breaks, any script) stays literal.
/// </summary>
internal static class ChoiceGrammar
{
    public const string RootRule = "root";

    public static ConstraintGrammar Build(IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var text = new StringBuilder(RootRule).Append(" ::= ");
        for (var i = 0; i < choices.Count; i++)
        {
            if (i > 0)
            {
                text.Append(" | ");
            }

            AppendLiteral(text, choices[i]);
        }

        return new ConstraintGrammar(text.Append('\n').ToString(), RootRule);
    }

    /// <summary>
    /// A GBNF string literal: llama.cpp's parser reads UTF-8 as is and knows the escapes
    /// <c>\" \\ \n \r \t</c> and <c>\xHH</c>; every other control character becomes <c>\xHH</c>.
    /// </summary>
    internal static void AppendLiteral(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ' or '\u007f':
                    text.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
