namespace Appliance.Core.Generation;

/// <summary>A llama.cpp GBNF grammar that constrains decoding, and the rule decoding starts from.</summary>
/// <param name="Text">GBNF text (caller content or built from it: never logged).</param>
/// <param name="RootRule">Name of the start rule.</param>
public sealed record ConstraintGrammar(string Text, string RootRule);
