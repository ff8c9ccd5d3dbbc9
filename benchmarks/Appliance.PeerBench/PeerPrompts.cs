using System.Text;
using LLama;
using LLama.Common;

namespace Appliance.PeerBench;

/// <summary>
/// Distinct prompts of exactly the asked token count under the model's own tokenizer (with BOS),
/// each opening with its request number so no contestant can serve one from another's cache.
/// Built once per run in the bench process (vocabulary only: no weights, no decode threads).
/// </summary>
internal static class PeerPrompts
{
    private static readonly string[] Words =
        "patient reports chest pain fever cough since three days shortness of breath history hypertension diabetes type two metformin twice daily blood pressure heart rate oxygen saturation room air examination reveals crackles left lower lobe chest radiograph shows consolidation white cell count elevated c reactive protein started on amoxicillin clavulanate review tomorrow morning with repeat bloods".Split(' ');

    public static IReadOnlyList<string> Build(string model, int count, int tokens)
    {
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(model) { VocabOnly = true, GpuLayerCount = 0 });
        var prompts = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder($"Case {i + 1}:");
            var w = i * 7;
            while (true)
            {
                var longer = text + " " + Words[w++ % Words.Length];
                if (weights.Tokenize(longer, true, false, Encoding.UTF8).Length > tokens)
                {
                    break;
                }

                text.Clear().Append(longer);
            }

            prompts.Add(text.ToString());
        }

        return prompts;
    }
}
