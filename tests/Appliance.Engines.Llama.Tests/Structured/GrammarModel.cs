using System.Runtime.InteropServices;
using Appliance.Core.Structured;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>
/// The tiny synthetic random-weight model, loaded once for the structured-output tests: checks that llama.cpp's
/// own GBNF parser accepts a grammar, and generates under a grammar (greedy or seeded sampling). Test-only: the
/// production sampler wiring lives in the engine.
/// </summary>
public sealed class GrammarModel : IDisposable
{
    private readonly TempFolder folder = new("grammar-model");
    private readonly LLamaWeights weights;
    private readonly ModelParams parameters;

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
    /// </summary>
    public string? Generate(GbnfGrammar grammar, uint? seed, int maxTokens, string prompt = "Extract the record as JSON:")
    {
        Assert.True(Parses(grammar.Text, grammar.RootRule), "llama.cpp refused the grammar:\n" + grammar.Text);
        using var context = weights.CreateContext(parameters);
        using var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
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

        var decoder = new StreamingTokenDecoder(context);
        var batch = new LLamaBatch();
        var tokens = context.Tokenize(prompt, addBos: true, special: false);
        batch.AddRange(tokens, 0, LLamaSeqId.Zero, logitsLast: true);
        var position = tokens.Length;
        for (var step = 0; step < maxTokens; step++)
        {
            Assert.Equal(DecodeResult.Ok, context.Decode(batch));

            // Sample accepts the token into the grammar itself: no Accept call after it (that aborts the process).
            var token = chain.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token == weights.Vocab.EOS)
            {
                return decoder.Read();
            }

            decoder.Add(token);
            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, logits: true);
        }

        return null;
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
