using Appliance.Core.Generation;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>The native sampler chains a sequence's sampling is built from: repeat penalties, and the draw (truncation, temperature, seeded pick or greedy).</summary>
internal static class LlamaSamplerChains
{
    /// <summary>Tokens the repeat penalty looks back over.</summary>
    public const int PenaltyWindow = 64;

    /// <summary>A chain with the request's repeat penalty (empty when it is 1).</summary>
    public static SafeLLamaSamplerChainHandle Penalties(SamplingParameters sampling)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (sampling.RepeatPenalty != 1f)
        {
            chain.AddPenalties(PenaltyWindow, sampling.RepeatPenalty, 0f, 0f);
        }

        return chain;
    }

    /// <summary>Greedy at temperature 0, else top-k, top-p, min-p, temperature and a seeded draw.</summary>
    public static void AddDraw(SafeLLamaSamplerChainHandle chain, SamplingParameters sampling)
    {
        if (sampling.Temperature <= 0f)
        {
            chain.AddGreedySampler();
            return;
        }

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
}
