using Appliance.Core.Generation;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>Builds one llama.cpp sampler chain per sequence from the request's sampling parameters.</summary>
internal static class LlamaSamplerFactory
{
    /// <summary>Tokens the repeat penalty looks back over.</summary>
    internal const int PenaltyWindow = 64;

    /// <summary>
    /// Chain order follows llama.cpp's common sampler: penalties, then the grammar (if any), then
    /// truncation (top-k, top-p, min-p), then temperature and a seeded draw. Temperature 0 is
    /// greedy: argmax after penalties and grammar.
    /// </summary>
    /// <param name="sampling">The request's sampling parameters.</param>
    /// <param name="tokens">Prompt tokens, then <paramref name="generated"/> tokens of output already generated (a resumed sequence).</param>
    /// <param name="vocab">The model's vocabulary (for the grammar).</param>
    /// <param name="grammar">A grammar already compiled once (<see cref="LlamaGrammarCheck"/>): AddGrammar crashes the process on one llama.cpp cannot parse.</param>
    /// <param name="generated">How many of <paramref name="tokens"/> are output.</param>
    public static SafeLLamaSamplerChainHandle Create(
        SamplingParameters sampling, IReadOnlyList<int> tokens, SafeLlamaModelHandle.Vocabulary vocab, ConstraintGrammar? grammar, int generated)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (sampling.RepeatPenalty != 1f)
        {
            chain.AddPenalties(PenaltyWindow, sampling.RepeatPenalty, 0f, 0f);
        }

        // The penalty window starts over the end of the prompt, as llama.cpp's server does. Only
        // the penalties are in the chain yet: the prompt is no sentence of the grammar, and a token
        // the grammar rejects in accept aborts the process.
        var promptEnd = tokens.Count - generated;
        for (var i = Math.Max(0, promptEnd - PenaltyWindow); i < promptEnd; i++)
        {
            chain.Accept((LLamaToken)tokens[i]);
        }

        if (grammar is not null)
        {
            chain.AddGrammar(vocab, grammar.Text, grammar.RootRule);
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

        // A resumed sequence: its output was sampled under this grammar, so the grammar (and the
        // penalties) accept it, and the next sample continues where the preempted one stopped.
        for (var i = promptEnd; i < tokens.Count; i++)
        {
            chain.Accept((LLamaToken)tokens[i]);
        }

        return chain;
    }
}
