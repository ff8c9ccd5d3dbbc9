namespace Appliance.Engines.Llama;

/// <summary>A control or user-defined token of the vocabulary, as llama.cpp matches it in text with special tokens parsed.</summary>
/// <param name="Id">Token id.</param>
/// <param name="Text">The text that stands for it (<c>&lt;|im_start|&gt;</c>).</param>
/// <param name="StripLeft">llama.cpp's <c>LSTRIP</c>: whitespace before it is dropped.</param>
/// <param name="StripRight">llama.cpp's <c>RSTRIP</c>: whitespace after it is dropped.</param>
internal sealed record LlamaSpecialToken(int Id, string Text, bool StripLeft, bool StripRight);
