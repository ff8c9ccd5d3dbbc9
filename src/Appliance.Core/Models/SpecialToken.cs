namespace Appliance.Core.Models;

/// <summary>A special token of a model's tokenizer (not patient data: the model's own vocabulary).</summary>
/// <param name="Kind">What it is for: "bos", "eos", "eot", "sep", "pad", "newline".</param>
/// <param name="Id">Token id in the vocabulary.</param>
/// <param name="Text">The token's text, e.g. "&lt;/s&gt;".</param>
/// <param name="EndsGeneration">Whether sampling it ends generation.</param>
public sealed record SpecialToken(string Kind, int Id, string Text, bool EndsGeneration);
