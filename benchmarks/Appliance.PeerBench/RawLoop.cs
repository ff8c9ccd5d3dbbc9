using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;
using LLama;
using LLama.Native;

namespace Appliance.PeerBench;

/// <summary>
/// The third contestant, run in a child process (<c>raw-child</c>) so its native threads never
/// share the client's: the appliance's native library through LLamaSharp with nothing of ours.
/// A level runs in waves of <c>streams</c> requests: every prompt of the wave prefilled in batches
/// of up to batch_tokens (first tokens by argmax), then one batch per step holding one token of
/// every sequence, greedy, exactly max_tokens each; all on the calling thread. That is what a
/// continuous-batching server does with a closed loop of equal requests, minus everything else.
/// </summary>
internal sealed class RawLoop(LLamaContext context, LLamaWeights weights, int batchTokens, int maxTokens)
{
    private readonly LLamaBatch _batch = new();

    public LevelRun Run(int round, LevelPrompts level)
    {
        var ttfts = new List<double>();
        var promptTokens = 0;
        var clock = Stopwatch.StartNew();
        for (var first = 0; first < level.Prompts.Count; first += level.Streams)
        {
            var wave = level.Prompts.Skip(first).Take(level.Streams).Select(p => weights.Tokenize(p, true, false, Encoding.UTF8)).ToArray();
            promptTokens += wave.Sum(t => t.Length);
            var waveStart = clock.Elapsed.TotalSeconds;
            var tokens = Prefill(wave);
            ttfts.AddRange(Enumerable.Repeat(clock.Elapsed.TotalSeconds - waveStart, wave.Length));
            Decode(wave, tokens);
            for (var s = 0; s < wave.Length; s++)
            {
                context.NativeHandle.MemorySequenceRemove((LLamaSeqId)s, -1, -1);
            }
        }

        return new LevelRun("raw", round, level.Streams, clock.Elapsed.TotalSeconds, ttfts, level.Prompts.Count * maxTokens, promptTokens, 0);
    }

    private int[] Prefill(LLamaToken[][] wave)
    {
        var next = new int[wave.Length];
        var pending = new List<(int Sequence, int Index)>();
        _batch.Clear();
        for (var s = 0; s < wave.Length; s++)
        {
            for (var i = 0; i < wave[s].Length; i++)
            {
                if (_batch.TokenCount == batchTokens)
                {
                    Flush(pending, next);
                }

                var last = i == wave[s].Length - 1;
                _batch.Add(wave[s][i], i, (LLamaSeqId)s, last);
                if (last)
                {
                    pending.Add((s, _batch.TokenCount - 1));
                }
            }
        }

        Flush(pending, next);
        return next;
    }

    private void Flush(List<(int Sequence, int Index)> pending, int[] next)
    {
        Check(context.NativeHandle.Decode(_batch));
        foreach (var (sequence, index) in pending)
        {
            next[sequence] = TensorPrimitives.IndexOfMax(context.NativeHandle.GetLogitsIth(index));
        }

        pending.Clear();
        _batch.Clear();
    }

    private void Decode(LLamaToken[][] wave, int[] tokens)
    {
        for (var step = 1; step < maxTokens; step++)
        {
            _batch.Clear();
            for (var s = 0; s < wave.Length; s++)
            {
                _batch.Add((LLamaToken)tokens[s], wave[s].Length + step - 1, (LLamaSeqId)s, true);
            }

            Check(context.NativeHandle.Decode(_batch));
            for (var s = 0; s < wave.Length; s++)
            {
                tokens[s] = TensorPrimitives.IndexOfMax(context.NativeHandle.GetLogitsIth(s));
            }
        }
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode failed: {result}");
        }
    }
}
