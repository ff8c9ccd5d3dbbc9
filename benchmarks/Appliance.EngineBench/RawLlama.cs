using System.Diagnostics;
using LLama;
using LLama.Native;

namespace Appliance.EngineBench;

/// <summary>The baseline: llama.cpp through LLamaSharp with nothing of ours: one batch, argmax, same thread.</summary>
internal sealed class RawLlama(LLamaContext context)
{
    private readonly LLamaBatch _batch = new();

    public (double Prefill, double Decode) Round(int[] prompt, int generate)
    {
        var handle = context.NativeHandle;
        handle.MemorySequenceRemove((LLamaSeqId)0, -1, -1);
        _batch.Clear();
        for (var i = 0; i < prompt.Length; i++)
        {
            _batch.Add((LLamaToken)prompt[i], i, (LLamaSeqId)0, i == prompt.Length - 1);
        }

        var clock = Stopwatch.StartNew();
        Check(handle.Decode(_batch));
        var prefill = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var token = Argmax(handle.GetLogitsIth(_batch.TokenCount - 1));
        var position = prompt.Length;
        for (var i = 1; i < generate; i++)
        {
            _batch.Clear();
            _batch.Add((LLamaToken)token, position++, (LLamaSeqId)0, true);
            Check(handle.Decode(_batch));
            token = Argmax(handle.GetLogitsIth(0));
        }

        return (prefill, clock.Elapsed.TotalSeconds);
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
