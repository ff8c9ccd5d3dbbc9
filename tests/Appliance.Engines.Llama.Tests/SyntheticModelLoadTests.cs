using System.Collections.Concurrent;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Appliance.Engines.Llama.Tests;

/// <summary>
/// The synthetic GGUF is only useful if llama.cpp accepts it: these load each variant with
/// LLamaSharp, tokenize English and Chinese, detokenize back, and decode a few steps.
/// </summary>
public sealed class SyntheticModelLoadTests : TempFolderTest
{
    private static readonly ConcurrentQueue<string> NativeLog = new();
    private static readonly Lazy<bool> LogRegistration = new(() =>
    {
        // Must run before any native call; llama.cpp's reason for rejecting a file is only in its
        // log. Another test in this process may have loaded the library first: then go without.
        if (NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            return false;
        }

        NativeLibraryConfig.All.WithLogCallback((level, message) =>
        {
            if (level is LLamaLogLevel.Error or LLamaLogLevel.Warning)
            {
                NativeLog.Enqueue(message);
            }
        });
        return true;
    });

    public SyntheticModelLoadTests()
        : base("synthetic-load")
    {
        _ = LogRegistration.Value;
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    public void LoadFromFile_TinySyntheticModel_TokenizesRoundTripsAndDecodesFiniteLogits(GgmlType weightType)
    {
        using var weights = Load(weightType, out var parameters);
        using var context = weights.CreateContext(parameters);

        Assert.Equal(SyntheticModelShape.Tiny.VocabularySize, weights.Vocab.Count);
        Assert.Equal(SyntheticModelShape.Tiny.EmbeddingLength, weights.EmbeddingSize);
        Assert.Equal(1, (int)weights.Vocab.BOS!.Value);
        Assert.Equal(2, (int)weights.Vocab.EOS!.Value);

        foreach (var text in new[] { "The patient has chest pain and fever for three days.", "患者胸痛三天", "血压 120/80 mmHg，无发热。" })
        {
            var tokens = context.Tokenize(text, addBos: true, special: false);

            Assert.True(tokens.Length > 2, $"'{text}' gave {tokens.Length} tokens");
            Assert.Equal(1, (int)tokens[0]);
            Assert.DoesNotContain(tokens.Skip(1), t => (int)t == 0); // no <unk>: byte fallback covers everything
            Assert.Equal(text, Detokenize(context, tokens).TrimStart(' '));
        }

        var logits = DecodeGreedy(context, context.Tokenize("The patient has chest pain", addBos: true, special: false), steps: 3);
        Assert.All(logits, Assert.True);
    }

    [Fact]
    public void LoadFromFile_TinySyntheticModel_WordsAreSinglePiecesAndChatMlMarkersAreControlTokens()
    {
        using var weights = Load(GgmlType.F32, out var parameters);
        using var context = weights.CreateContext(parameters);

        var words = context.Tokenize("patient pain", addBos: false, special: false); // "▁patient", "▁pain"
        var chat = context.Tokenize("<|im_start|>user\n患者胸痛<|im_end|>", addBos: false, special: true);

        Assert.Equal(2, words.Length);
        Assert.Equal(3, (int)chat[0]);
        Assert.Contains(chat, t => (int)t == 4);
        Assert.Equal(SyntheticModel.ChatMlTemplate, weights.NativeHandle.GetTemplate());
    }

    private LLamaWeights Load(GgmlType weightType, out ModelParams parameters)
    {
        var path = Folder.Combine($"tiny-{weightType}.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { WeightType = weightType });
        parameters = new ModelParams(path) { ContextSize = 256, GpuLayerCount = 0, Threads = 2, BatchSize = 64, UBatchSize = 64 };
        try
        {
            return LLamaWeights.LoadFromFile(parameters);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"llama.cpp rejected the synthetic model: {string.Join(string.Empty, NativeLog)}", e);
        }
    }

    private static string Detokenize(LLamaContext context, IEnumerable<LLamaToken> tokens)
    {
        var decoder = new StreamingTokenDecoder(context);
        foreach (var token in tokens)
        {
            decoder.Add(token);
        }

        return decoder.Read();
    }

    /// <summary>Decodes the prompt then <paramref name="steps"/> greedy tokens; reports whether each step's logits were finite.</summary>
    private static List<bool> DecodeGreedy(LLamaContext context, LLamaToken[] prompt, int steps)
    {
        var finite = new List<bool>();
        var batch = new LLamaBatch();
        batch.AddRange(prompt, 0, LLamaSeqId.Zero, logitsLast: true);
        var position = prompt.Length;
        for (var step = 0; step <= steps; step++)
        {
            Assert.Equal(DecodeResult.Ok, context.Decode(batch));
            var logits = context.NativeHandle.GetLogitsIth(batch.TokenCount - 1);
            Assert.Equal(SyntheticModelShape.Tiny.VocabularySize, logits.Length);
            var best = 0;
            var allFinite = true;
            for (var i = 0; i < logits.Length; i++)
            {
                allFinite &= float.IsFinite(logits[i]);
                best = logits[i] > logits[best] ? i : best;
            }

            finite.Add(allFinite);
            batch.Clear();
            batch.Add((LLamaToken)best, position++, LLamaSeqId.Zero, logits: true);
        }

        return finite;
    }
}
