using Appliance.Core.Generation;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>Builds one llama.cpp sampler chain per sequence from the request's sampling parameters.</summary>
internal static class LlamaSamplerFactory
{
    /// <summary>Tokens the repeat penalty looks back over.</summary>
    internal const int PenaltyWindow = 64;

    /// <summary>
    /// Chain order follows llama.cpp's common sampler: penalties, then truncation (top-k, top-p,
    /// min-p), then temperature and a seeded draw. Temperature 0 is greedy: argmax after penalties.
    /// </summary>
    public static SafeLLamaSamplerChainHandle Create(SamplingParameters sampling, IReadOnlyList<int> promptTokens)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (sampling.RepeatPenalty != 1f)
        {
            chain.AddPenalties(PenaltyWindow, sampling.RepeatPenalty, 0f, 0f);
        }

        if (sampling.Temperature <= 0f)
        {
            chain.AddGreedySampler();
        }
        else
        {
            if (sampling.TopK > 0)
            {
                chain.AddTopK(sampling.TopK);
            }

            if (sampling.TopP < 1f)
            {
                chain.AddTopP(sampling.TopP, 1);
            }

            if (sampling.MinP > 0f)
            {
                chain.AddMinP(sampling.MinP, 1);
            }

            chain.AddTemperature(sampling.Temperature);
            chain.AddDistributionSampler(sampling.Seed);
        }

        // The penalty window starts over the end of the prompt, as llama.cpp's server does.
        var from = Math.Max(0, promptTokens.Count - PenaltyWindow);
        for (var i = from; i < promptTokens.Count; i++)
        {
            chain.Accept((LLamaToken)promptTokens[i]);
        }

        return chain;
    }
}
