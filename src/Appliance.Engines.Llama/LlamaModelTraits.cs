using Appliance.Core.Models;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>What a loaded GGUF model tells callers (ModelInfo): chat template presence and the vocabulary's special tokens.</summary>
internal static class LlamaModelTraits
{
    public static ModelTraits Read(SafeLlamaModelHandle model, LlamaChatTemplate template)
    {
        var vocab = model.Vocab;
        var tokens = new List<SpecialToken>();
        foreach (var (kind, token) in new (string, LLamaToken?)[] { ("bos", vocab.BOS), ("eos", vocab.EOS), ("eot", vocab.EOT), ("sep", vocab.SEP), ("pad", vocab.Pad) })
        {
            // llama.cpp reports an absent token as -1 (null here); a model may also name one id twice (EOT = EOS).
            if (token is { } t && (int)t >= 0 && (int)t < vocab.Count)
            {
                tokens.Add(new SpecialToken(kind, (int)t, vocab.LLamaTokenToString(t, isSpecialToken: true) ?? string.Empty, t.IsEndOfGeneration(vocab)));
            }
        }

        return new ModelTraits { HasChatTemplate = template.Source != "none", SpecialTokens = tokens };
    }
}
