namespace Appliance.Core.Structured;

/// <summary>
/// A grammar in llama.cpp's GBNF notation, ready for llama.cpp's grammar sampler.
/// </summary>
/// <param name="Text">The GBNF rules, one per line; the start rule is written first.</param>
/// <param name="RootRule">The name of the start rule (always <c>root</c> for the grammars this namespace builds).</param>
public sealed record GbnfGrammar(string Text, string RootRule);
