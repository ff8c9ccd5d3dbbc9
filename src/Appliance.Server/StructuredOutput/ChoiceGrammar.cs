using System.Text;
using Appliance.Core.Generation;
using Appliance.Core.Structured;

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

            text.Append(GbnfGrammar.Literal(choices[i]));
        }

        return new ConstraintGrammar(text.Append('\n').ToString(), RootRule);
    }
}
