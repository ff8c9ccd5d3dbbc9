using System.Globalization;
using System.Text.Json;
using Appliance.Engines.Llama;
using LLama;
using LLama.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.PeerBench;

/// <summary>
/// <c>raw-child ROUND MODEL PLAN.json THREADS BATCH CTX_PER_SEQ MAX_STREAMS MAX_TOKENS [NATIVE_LIBRARY]</c>: loads the
/// native library as the server does (LlamaNativeRuntime, honouring a NativeLibraryPath), runs
/// <see cref="RawLoop"/> over each level of the plan and prints one JSON line per level.
/// </summary>
internal static class RawChild
{
    public static int Run(string[] args)
    {
        int Int(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
        var (round, model, threads, batch, perSequence, streams, maxTokens) = (Int(1), args[2], Int(4), Int(5), Int(6), Int(7), Int(8));
        var levels = JsonSerializer.Deserialize<List<LevelPrompts>>(File.ReadAllText(args[3]))!;
        var options = new LlamaOptions { Threads = threads, NativeLibraryPath = args.Length > 9 ? args[9] : null };
        new LlamaNativeRuntime(options, NullLogger<LlamaNativeRuntime>.Instance).EnsureLoaded();
        var parameters = new ModelParams(model)
        {
            ContextSize = (uint)(perSequence * streams), SeqMax = (uint)streams, BatchSize = (uint)batch, UBatchSize = (uint)batch,
            Threads = threads, BatchThreads = threads, GpuLayerCount = 0,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var loop = new RawLoop(context, weights, batch, maxTokens);
        loop.Run(round, new LevelPrompts(1, ["Warm up."]));
        foreach (var level in levels)
        {
            Console.WriteLine(JsonSerializer.Serialize(loop.Run(round, level), LevelRun.Json));
        }

        return 0;
    }
}
