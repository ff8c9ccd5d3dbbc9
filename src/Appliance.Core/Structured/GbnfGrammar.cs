namespace Appliance.Core.Structured;

/// <summary>
/// A grammar in llama.cpp's GBNF notation, ready for llama.cpp's grammar sampler.
/// </summary>
/// <param name="Text">The GBNF rules, one per line; the start rule is written first.</param>
/// <param name="RootRule">The name of the start rule (always <c>root</c> for the grammars this namespace builds).</param>
public sealed record GbnfGrammar(string Text, string RootRule)
{
    /// <summary>
    /// A GBNF string literal that matches <paramref name="text"/> exactly: llama.cpp's parser reads
    /// UTF-8 as is and knows the escapes <c>\" \\ \n \r \t</c> and <c>\xHH</c>; every other
    /// control character becomes <c>\xHH</c>.
    /// </summary>
    public static string Literal(string text) => GbnfRules.Literal(text);
}
