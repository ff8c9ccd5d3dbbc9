using System.Text;
using LLama;
using LLama.Common;

namespace Appliance.PeerBench;

/// <summary>
/// Distinct prompts of exactly the asked token count under the model's own tokenizer (with BOS),
/// each opening with its request number so no contestant can serve one from another's cache;
/// with <c>prefixTokens</c> every prompt first carries the same template of about that many tokens
/// (a hospital's task template: what a prefix cache can reuse), then its number.
/// Built once per run in the bench process (vocabulary only: no weights, no decode threads).
/// </summary>
internal static class PeerPrompts
{
    private static readonly string[] Words =
        "patient reports chest pain fever cough since three days shortness of breath history hypertension diabetes type two metformin twice daily blood pressure heart rate oxygen saturation room air examination reveals crackles left lower lobe chest radiograph shows consolidation white cell count elevated c reactive protein started on amoxicillin clavulanate review tomorrow morning with repeat bloods".Split(' ');

    private static readonly string[] TemplateWords =
        "you are a clinical documentation assistant write the discharge summary with the sections diagnosis procedures medication changes follow up and warnings use only facts stated in the note below keep drug names doses and dates exactly as written".Split(' ');

    public static IReadOnlyList<string> Build(string model, int count, int tokens, int prefixTokens = 0, string label = "Case")
    {
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(model) { VocabOnly = true, GpuLayerCount = 0 });
        var template = prefixTokens > 0 ? Grow(weights, new StringBuilder("Template:"), TemplateWords, 0, prefixTokens) + "\n" : "";
        var prompts = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            prompts.Add(Grow(weights, new StringBuilder(template).Append(label).Append(' ').Append(i + 1).Append(':'), Words, i * 7, tokens));
        }

        return prompts;
    }

    /// <summary>Appends words (from <paramref name="first"/>, cycling) while the text stays within <paramref name="tokens"/> tokens.</summary>
    private static string Grow(LLamaWeights weights, StringBuilder text, string[] words, int first, int tokens)
    {
        var w = first;
        while (true)
        {
            var longer = text + " " + words[w++ % words.Length];
            if (weights.Tokenize(longer, true, false, Encoding.UTF8).Length > tokens)
            {
                return text.ToString();
            }

            text.Clear().Append(longer);
        }
    }
}
