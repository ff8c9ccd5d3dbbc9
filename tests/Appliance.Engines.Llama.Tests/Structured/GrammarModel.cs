using System.Runtime.InteropServices;
using Appliance.Core.Generation;
using Appliance.Core.Structured;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>
/// The tiny synthetic random-weight model, loaded once for the structured-output tests: checks that llama.cpp's
/// own GBNF parser accepts a grammar, and generates under a grammar (greedy or seeded sampling) with the
/// production sampler, or with a reference chain to compare it with.
/// </summary>
public sealed class GrammarModel : IDisposable
{
    private readonly TempFolder folder = new("grammar-model");
    private readonly LLamaWeights weights;
    private readonly ModelParams parameters;
    private Utf8TokenTable? utf8;

    public GrammarModel()
    {
        var path = folder.Combine("tiny.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { WeightType = GgmlType.F32 });
        parameters = new ModelParams(path) { ContextSize = 1024, GpuLayerCount = 0, Threads = 2, BatchSize = 64, UBatchSize = 64 };
        weights = LLamaWeights.LoadFromFile(parameters);
    }

    /// <summary>
    /// Whether llama.cpp's GBNF parser accepts the grammar. Asked through <c>llama_sampler_init_grammar</c>
    /// directly, which returns null for a grammar it cannot parse; LLamaSharp's <c>AddGrammar</c> does not check
    /// that null and the process dies (docs: facts.md), so a bad grammar must never reach it.
    /// </summary>
    public unsafe bool Parses(string gbnf, string root = "root")
    {
        var library = LlamaLibrary();
        var getVocab = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(library, "llama_model_get_vocab");
        var init = (delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr>)NativeLibrary.GetExport(library, "llama_sampler_init_grammar");
        var free = (delegate* unmanaged[Cdecl]<IntPtr, void>)NativeLibrary.GetExport(library, "llama_sampler_free");
        var text = Marshal.StringToCoTaskMemUTF8(gbnf);
        var rootName = Marshal.StringToCoTaskMemUTF8(root);
        try
        {
            var sampler = init(getVocab(weights.NativeHandle.DangerousGetHandle()), (byte*)text, (byte*)rootName);
            if (sampler == IntPtr.Zero)
            {
                return false;
            }

            free(sampler);
            return true;
        }
        finally
        {
            Marshal.FreeCoTaskMem(text);
            Marshal.FreeCoTaskMem(rootName);
        }
    }

    /// <summary>
    /// Generates under <paramref name="grammar"/> until end of sequence (returns the text) or until
    /// <paramref name="maxTokens"/> (returns null: not completed). <paramref name="seed"/> null is greedy.
    /// Sampled with the production sampler (<see cref="LlamaSequenceSampler"/>: UTF-8 guard, grammar on the
    /// shortlist first), top-k 40 and temperature 1.
    /// </summary>
    public string? Generate(GbnfGrammar grammar, uint? seed, int maxTokens, string prompt = "Extract the record as JSON:") =>
        Run(grammar, seed, maxTokens, prompt, reference: false).Text;

    /// <summary>
    /// The token ids <see cref="Generate"/> draws, with the production sampler or (<paramref name="reference"/>)
    /// with one native chain that checks every candidate: UTF-8 guard, grammar, top-k 40, temperature 1, seeded
    /// draw (greedy without a seed) — the order the production sampler must match token for token.
    /// </summary>
    public (string? Text, IReadOnlyList<int> Tokens, long ShortlistSteps) Run(GbnfGrammar grammar, uint? seed, int maxTokens, string prompt, bool reference)
    {
        Assert.True(Parses(grammar.Text, grammar.RootRule), "llama.cpp refused the grammar:\n" + grammar.Text);
        using var context = weights.CreateContext(parameters);
        var sampling = new SamplingParameters
        {
            Temperature = seed is null ? 0f : 1f, TopK = 40, TopP = 1f, MinP = 0f, RepeatPenalty = 1f, Seed = seed ?? 0,
        };
        using var chain = reference ? ReferenceChain(grammar, seed) : null;
        var tokens = context.Tokenize(prompt, addBos: true, special: false);
        using var sampler = reference ? null : LlamaSequenceSampler.Create(
            sampling, [.. tokens.Select(t => (int)t)], weights.Vocab, new ConstraintGrammar(grammar.Text, grammar.RootRule), 0, 0, Utf8Table);
        var buffers = new SamplerBuffers();
        var decoder = new StreamingTokenDecoder(context);
        var drawn = new List<int>();
        var batch = new LLamaBatch();
        batch.AddRange(tokens, 0, LLamaSeqId.Zero, logitsLast: true);
        var position = tokens.Length;
        for (var step = 0; step < maxTokens; step++)
        {
            Assert.Equal(DecodeResult.Ok, context.Decode(batch));

            // Both accept the token into the grammar themselves: no Accept call after it (that aborts the process).
            var token = chain?.Sample(context.NativeHandle, batch.TokenCount - 1) ?? sampler!.Sample(context.NativeHandle, batch.TokenCount - 1, buffers);
            drawn.Add((int)token);
            if (token == weights.Vocab.EOS)
            {
                return (decoder.Read(), drawn, sampler?.GrammarChecks.Shortlist ?? 0);
            }

            decoder.Add(token);
            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, logits: true);
        }

        return (null, drawn, sampler?.GrammarChecks.Shortlist ?? 0);
    }

    private Utf8TokenTable Utf8Table => utf8 ??= new Utf8TokenTable(weights.NativeHandle, weights.Vocab.Count);

    private SafeLLamaSamplerChainHandle ReferenceChain(GbnfGrammar grammar, uint? seed)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        chain.AddCustom(new Utf8GuardSampler(weights.NativeHandle, weights.Vocab.Count));
        chain.AddGrammar(weights.NativeHandle, grammar.Text, grammar.RootRule);
        if (seed is { } s)
        {
            chain.AddTopK(40);
            chain.AddTemperature(1.0f);
            chain.AddDistributionSampler(s);
        }
        else
        {
            chain.AddGreedySampler();
        }

        return chain;
    }

    public void Dispose()
    {
        weights.Dispose();
        folder.Dispose();
    }

    /// <summary>The libllama that LLamaSharp loaded (its resolver picks the CPU variant), found among this process's mappings.</summary>
    private static IntPtr LlamaLibrary()
    {
        var path = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty)
            .FirstOrDefault(p => p.EndsWith("/libllama.so", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("libllama.so is not loaded");
        return NativeLibrary.Load(path);
    }
}
