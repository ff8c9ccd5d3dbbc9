using System.Diagnostics;
using LLama;
using LLama.Native;

namespace Appliance.EngineBench;

/// <summary>
/// The baseline: llama.cpp through LLamaSharp with nothing of ours: <c>streams</c> sequences,
/// each prefilled in one batch, then one batch per step holding one token of every sequence,
/// argmax on the calling thread.
/// </summary>
internal sealed class RawLlama(LLamaContext context)
{
    private readonly LLamaBatch _batch = new();

    public (double Prefill, double Decode) Round(int[] prompt, int generate, int streams)
    {
        var handle = context.NativeHandle;
        var tokens = new int[streams];
        var clock = Stopwatch.StartNew();
        for (var s = 0; s < streams; s++)
        {
            handle.MemorySequenceRemove((LLamaSeqId)s, -1, -1);
            _batch.Clear();
            for (var i = 0; i < prompt.Length; i++)
            {
                _batch.Add((LLamaToken)prompt[i], i, (LLamaSeqId)s, i == prompt.Length - 1);
            }

            Check(handle.Decode(_batch));
            tokens[s] = Argmax(handle.GetLogitsIth(_batch.TokenCount - 1));
        }

        var prefill = clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (var step = 1; step < generate; step++)
        {
            _batch.Clear();
            for (var s = 0; s < streams; s++)
            {
                _batch.Add((LLamaToken)tokens[s], prompt.Length + step - 1, (LLamaSeqId)s, true);
            }

            Check(handle.Decode(_batch));
            for (var s = 0; s < streams; s++)
            {
                tokens[s] = Argmax(handle.GetLogitsIth(s));
            }
        }

        var decode = clock.Elapsed.TotalSeconds;
        for (var s = 0; s < streams; s++)
        {
            handle.MemorySequenceRemove((LLamaSeqId)s, -1, -1);
        }

        return (prefill, decode);
    }

    private static int Argmax(Span<float> logits)
    {
        var best = 0;
        for (var k = 1; k < logits.Length; k++)
        {
            if (logits[k] > logits[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"decode failed: {result}");
        }
    }
}
