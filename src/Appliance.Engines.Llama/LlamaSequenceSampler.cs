using Appliance.Core.Generation;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// One sequence's sampler, in the order of llama.cpp's common sampler: repeat penalties, then (for
/// a constrained sequence) the UTF-8 guard and the grammar, then top-k/top-p/min-p, temperature and
/// a seeded draw (temperature 0: greedy).
/// </summary>
/// <remarks>
/// A free sequence runs one native chain (<c>llama_sampler_sample</c>), as before. A constrained
/// one asks the grammar about the best candidates first: the draw only ever looks at the top-k
/// allowed tokens (greedy: the best one), and every allowed token outside the shortlist of the
/// best-scoring candidates scores below every one inside it, so when the shortlist holds at least
/// top-k allowed tokens the draw sees exactly the candidates it would have seen had the grammar
/// checked all of the vocabulary, and picks the same token with the same random state. Only when
/// it holds fewer is the whole vocabulary checked (and the shortlist grows for the next step).
/// Checking 32,000 candidates against the grammar's stacks every step is what made constrained
/// decoding slow; a well-behaved model's best candidates are nearly always allowed.
/// With top-k 0 (off) the draw needs every allowed token: the whole vocabulary is checked.
/// </remarks>
internal sealed class LlamaSequenceSampler : IDisposable
{
    private const int MinShortlist = 64;

    private readonly SafeLLamaSamplerChainHandle? _free;
    private readonly SafeLLamaSamplerChainHandle? _penalties;
    private readonly SafeLLamaSamplerChainHandle? _draw;
    private readonly SafeLlamaModelHandle.Vocabulary _vocab;
    private readonly Utf8TokenTable? _utf8;
    private readonly int _wanted;
    private SafeLLamaSamplerChainHandle? _grammar;
    private byte[] _pending = [];
    private readonly int _shortlist;

    private LlamaSequenceSampler(SafeLlamaModelHandle.Vocabulary vocab, SamplingParameters sampling, Utf8TokenTable? utf8, bool constrained)
    {
        _vocab = vocab;
        _utf8 = utf8;
        _wanted = sampling.Temperature <= 0f ? 1 : Math.Max(sampling.TopK, 0);
        _shortlist = Math.Max(MinShortlist, 4 * _wanted);
        if (constrained)
        {
            _penalties = sampling.RepeatPenalty != 1f ? LlamaSamplerChains.Penalties(sampling) : null;
            _draw = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
            LlamaSamplerChains.AddDraw(_draw, sampling);
        }
        else
        {
            _free = LlamaSamplerChains.Penalties(sampling);
            LlamaSamplerChains.AddDraw(_free, sampling);
        }
    }

    /// <summary>Counts for the benchmark and tests: steps decided on the shortlist, and those that checked the whole vocabulary.</summary>
    public (long Shortlist, long Full) GrammarChecks => (_shortlistSteps, _fullSteps);

    private long _shortlistSteps;
    private long _fullSteps;

    /// <param name="sampling">The request's sampling parameters.</param>
    /// <param name="tokens">Prompt tokens, then <paramref name="generated"/> tokens of output already generated (a resumed sequence).</param>
    /// <param name="vocab">The model's vocabulary.</param>
    /// <param name="grammar">A grammar already compiled once (<see cref="LlamaGrammarCheck"/>): adding one llama.cpp cannot parse crashes the process. Null for free text.</param>
    /// <param name="generated">How many of <paramref name="tokens"/> are output.</param>
    /// <param name="grammarFrom">Output tokens before the grammar starts (0: from the first); null: not yet (see <see cref="SetGrammar"/>).</param>
    /// <param name="utf8">The model's token bytes (constrained sequences only).</param>
    public static LlamaSequenceSampler Create(
        SamplingParameters sampling,
        IReadOnlyList<int> tokens,
        SafeLlamaModelHandle.Vocabulary vocab,
        ConstraintGrammar? grammar,
        int generated,
        int? grammarFrom,
        Utf8TokenTable? utf8)
    {
        var sampler = new LlamaSequenceSampler(vocab, sampling, utf8, grammar is not null);

        // The penalty window starts over the end of the prompt, as llama.cpp's server does. The
        // prompt is no sentence of the grammar: only the penalties see it.
        var promptEnd = tokens.Count - generated;
        var penalties = sampler._free ?? sampler._penalties;
        for (var i = Math.Max(0, promptEnd - LlamaSamplerChains.PenaltyWindow); penalties is not null && i < promptEnd; i++)
        {
            penalties.Accept((LLamaToken)tokens[i]);
        }

        if (grammar is null)
        {
            // A resumed free sequence: penalties and draw continue where the preempted one stopped.
            for (var i = promptEnd; i < tokens.Count; i++)
            {
                sampler._free!.Accept((LLamaToken)tokens[i]);
            }

            return sampler;
        }

        var start = grammarFrom is { } from ? promptEnd + Math.Clamp(from, 0, generated) : tokens.Count;
        for (var i = promptEnd; i < start; i++)
        {
            sampler.AcceptUnconstrained(tokens[i]);
        }

        if (grammarFrom is null)
        {
            return sampler; // a reasoning model still reasoning: the grammar comes with the answer
        }

        var answer = new int[tokens.Count - start];
        for (var i = start; i < tokens.Count; i++)
        {
            answer[i - start] = tokens[i];
        }

        sampler.SetGrammar(grammar, answer);
        return sampler;
    }

    /// <summary>
    /// Replaces the grammar (null: none from here on), feeding the new one the output it must
    /// already cover (a resumed sequence's answer, or what a reasoning model wrote before the phase
    /// was decided). False when one of those tokens is no sentence start of the grammar: it is
    /// dropped and the answer check at the end decides. Only for a sequence created constrained.
    /// </summary>
    public bool SetGrammar(ConstraintGrammar? grammar, ReadOnlySpan<int> outputSoFar)
    {
        if (_draw is null)
        {
            throw new InvalidOperationException("the sequence was started without a grammar");
        }

        DropGrammar();
        if (grammar is null)
        {
            return true;
        }

        if (outputSoFar.IsEmpty)
        {
            _pending = []; // the answer starts here, whatever the reasoning left unfinished
        }

        _grammar = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        _grammar.AddGrammar(_vocab, grammar.Text, grammar.RootRule);
        foreach (var token in outputSoFar)
        {
            if (!Allowed(token))
            {
                DropGrammar();
                return false;
            }

            AcceptConstrained(token);
        }

        return true;
    }

    /// <summary>Samples the next token from the logits at <paramref name="batchIndex"/> and accepts it.</summary>
    public LLamaToken Sample(SafeLLamaContextHandle context, int batchIndex, SamplerBuffers buffers)
    {
        if (_free is not null)
        {
            return _free.Sample(context, batchIndex); // accepts the token itself
        }

        var logits = context.GetLogitsIth(batchIndex);
        var all = buffers.Candidates(logits.Length);
        for (var i = 0; i < logits.Length; i++)
        {
            all[i] = new LLamaTokenData((LLamaToken)i, logits[i], 0f);
        }

        var token = _grammar is null ? Draw(all.AsMemory(0, logits.Length), penalise: true) : SampleConstrained(all, logits.Length, buffers);
        if (_grammar is not null)
        {
            AcceptConstrained(token);
        }
        else
        {
            AcceptUnconstrained(token);
        }

        return (LLamaToken)token;
    }

    public void Dispose()
    {
        _free?.Dispose();
        _penalties?.Dispose();
        _draw?.Dispose();
        _grammar?.Dispose();
    }

    private int SampleConstrained(LLamaTokenData[] all, int count, SamplerBuffers buffers)
    {
        ApplyTo(_penalties, all.AsMemory(0, count));
        if (_wanted > 0 && _shortlist < count / 4)
        {
            var best = buffers.Shortlist(all, count, _shortlist);
            var allowed = KeepAllowed(best);
            if (allowed >= _wanted)
            {
                _shortlistSteps++;
                return Draw(best[..allowed], penalise: false);
            }
        }

        _fullSteps++;
        var whole = all.AsMemory(0, count);
        MaskIllFormed(whole.Span);
        ApplyTo(_grammar, whole);
        return Draw(whole, penalise: false);
    }

    /// <summary>Masks what the guard and the grammar refuse, moves the allowed candidates to the front, and returns how many there are.</summary>
    private int KeepAllowed(Memory<LLamaTokenData> candidates)
    {
        MaskIllFormed(candidates.Span);
        ApplyTo(_grammar, candidates);
        var span = candidates.Span;
        var kept = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (!float.IsNegativeInfinity(span[i].Logit))
            {
                span[kept++] = span[i];
            }
        }

        return kept;
    }

    private void MaskIllFormed(Span<LLamaTokenData> candidates)
    {
        if (_utf8 is null)
        {
            return;
        }

        foreach (ref var candidate in candidates)
        {
            if (!_utf8.Fits((int)candidate.ID, _pending))
            {
                candidate.Logit = float.NegativeInfinity;
            }
        }
    }

    /// <summary>The draw (truncation, temperature, seeded pick or greedy) over <paramref name="candidates"/>; returns the token picked.</summary>
    private int Draw(Memory<LLamaTokenData> candidates, bool penalise)
    {
        if (penalise)
        {
            ApplyTo(_penalties, candidates);
        }

        using (LLamaTokenDataArrayNative.Create(new LLamaTokenDataArray(candidates, false), out var native))
        {
            _draw!.Apply(ref native);
            var selected = native.Selected;
            var picked = native.Data[(int)selected];
            if (_grammar is not null && float.IsNegativeInfinity(picked.Logit))
            {
                // Nothing was allowed (a grammar with no way on): go on unconstrained; the answer
                // check at the end reports the result. Never accept a refused token into the
                // grammar: llama.cpp aborts the process on that.
                DropGrammar();
            }

            return (int)picked.ID;
        }
    }

    private bool Allowed(int token)
    {
        if (_utf8 is not null && !_utf8.Fits(token, _pending))
        {
            return false;
        }

        var one = new[] { new LLamaTokenData((LLamaToken)token, 0f, 0f) };
        ApplyTo(_grammar, one);
        return !float.IsNegativeInfinity(one[0].Logit);
    }

    private void AcceptConstrained(int token)
    {
        _grammar?.Accept((LLamaToken)token);
        AcceptUnconstrained(token);
    }

    private void AcceptUnconstrained(int token)
    {
        _penalties?.Accept((LLamaToken)token);
        _draw?.Accept((LLamaToken)token);
        if (_utf8 is not null)
        {
            _pending = _utf8.PendingAfter(token, _pending);
        }
    }

    private void DropGrammar()
    {
        _grammar?.Dispose();
        _grammar = null;
    }

    private static void ApplyTo(SafeLLamaSamplerChainHandle? chain, Memory<LLamaTokenData> candidates)
    {
        if (chain is null || candidates.IsEmpty)
        {
            return;
        }

        using (LLamaTokenDataArrayNative.Create(new LLamaTokenDataArray(candidates, false), out var native))
        {
            chain.Apply(ref native);
        }
    }
}
