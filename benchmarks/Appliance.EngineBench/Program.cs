using System.Globalization;
using System.Text;
using Appliance.Core.Generation;
using Appliance.Core.Models;
using Appliance.Core.Structured;
using Appliance.EngineBench;
using Appliance.Engines.Llama;
using LLama;
using LLama.Common;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: Appliance.EngineBench MODEL.gguf [--prompt-words 64] [--generate 64] [--rounds 5] [--threads 2] [--streams 1] [--variants raw,engine,engine-pool-hops,sampled,sampled-letters,sampled-json] [--out FILE]
var options = BenchOptions.Parse(args);
var runtimeOptions = new LlamaOptions { Threads = options.Threads };
var runtime = new LlamaNativeRuntime(runtimeOptions, NullLogger<LlamaNativeRuntime>.Instance);
var backend = runtime.EnsureLoaded();
var manifest = new ModelManifest
{
    Id = "bench", Kind = ModelKind.TextGeneration, Format = ModelFormat.Gguf, FilePath = Path.GetFullPath(options.Model),
    Sha256 = new string('0', 64), ContextLength = 2048, MaxSequences = options.Streams, BatchTokens = 512, ManifestPath = "bench.json",
};
using var engine = await new LlamaEngineLoader(runtime, runtimeOptions, NullLogger<LlamaEngineLoader>.Instance).LoadAsync(manifest, CancellationToken.None);
var parameters = new ModelParams(manifest.FilePath) { ContextSize = (uint)(2048 * options.Streams), SeqMax = (uint)options.Streams, BatchSize = 512, UBatchSize = 512, Threads = options.Threads, BatchThreads = options.Threads, GpuLayerCount = 0 };
using var weights = LLamaWeights.LoadFromFile(parameters);
using var context = weights.CreateContext(parameters);

var words = "the patient reports chest pain and fever since three days with cough and shortness of breath".Split(' ');
var prompt = engine.Tokenize(string.Join(' ', Enumerable.Range(0, options.PromptWords).Select(i => words[i % words.Length]))).ToArray();
var raw = new RawLlama(context);
var driver = new EngineDriver(engine);
var sampled = new SamplingParameters { Temperature = 1f };
var freeSampled = new EngineDriver(engine, sampled);
var letters = new EngineDriver(engine, sampled, new ConstraintGrammar("root ::= [a-z ,.]{600}", "root"));
var medication = JsonSchemaGrammar.FromSchema(MedicationSchema);
var json = new EngineDriver(engine, sampled, new ConstraintGrammar(medication.Text, medication.RootRule));
using var worker = new DedicatedThread();
var all = new[]
{
    new Variant("raw", "LLamaSharp llama_decode + argmax, dedicated thread (baseline)", (p, g, n) => worker.RunAsync(() => raw.Round(p, g, n))),
    new Variant("engine", "Appliance LlamaEngine.Step (sampler chain, streaming detokeniser), dedicated thread", (p, g, n) => worker.RunAsync(() => driver.Round(p, g, n))),
    new Variant("engine-pool-hops", "Appliance LlamaEngine.Step, each step a Task.Run on any pool thread", (p, g, n) => driver.RoundAsync(p, g, n, hop: true)),
    new Variant("sampled", "LlamaEngine.Step, free text, temperature 1, top-k 40, top-p 0.95, min-p 0.05 (stream s seed s+1)", (p, g, n) => worker.RunAsync(() => freeSampled.Round(p, g, n))),
    new Variant("sampled-letters", "as sampled, under the grammar root ::= [a-z ,.]{600}", (p, g, n) => worker.RunAsync(() => letters.Round(p, g, n))),
    new Variant("sampled-json", "as sampled, under the README's medication-list JSON Schema", (p, g, n) => worker.RunAsync(() => json.Round(p, g, n))),
};
var variants = options.Variants is { } names ? all.Where(v => names.Contains(v.Name)).ToArray() : all;

var results = variants.ToDictionary(v => v.Name, _ => new List<(double Prefill, double Decode)>());
foreach (var variant in variants)
{
    await variant.RunRound(prompt, 8, options.Streams); // warm-up
}

for (var round = 0; round < options.Rounds; round++)
{
    foreach (var variant in variants)
    {
        results[variant.Name].Add(await variant.RunRound(prompt, options.Generate, options.Streams));
    }

    Console.Error.WriteLine($"round {round + 1}/{options.Rounds} done");
}

var report = BenchReport.Render(options, backend, prompt.Length, variants, results);
Console.WriteLine(report);
if (options.Out is { } path)
{
    await File.AppendAllTextAsync(path, report + Environment.NewLine, Encoding.UTF8);
    Console.Error.WriteLine($"appended to {path}");
}

internal sealed partial class Program
{
    /// <summary>The README's medication-list schema, shortened: strings the model fills, an enum, an array.</summary>
    private const string MedicationSchema = """
        {"type":"object","properties":{"medications":{"type":"array","minItems":1,"maxItems":20,"items":{"type":"object",
        "properties":{"name":{"type":"string","maxLength":80},"dose":{"type":"string","maxLength":40},
        "route":{"enum":["oral","intravenous","subcutaneous","intramuscular","inhaled","topical"]},
        "frequency":{"type":"string","maxLength":40}},"required":["name","dose","route","frequency"],"additionalProperties":false}}},
        "required":["medications"],"additionalProperties":false}
        """;
}

internal sealed record BenchOptions(string Model, int PromptWords, int Generate, int Rounds, int Threads, string? Out, string[]? Variants, int Streams)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("usage: Appliance.EngineBench MODEL.gguf [--prompt-words 64] [--generate 64] [--rounds 5] [--threads 2] [--streams 1] [--variants raw,engine,engine-pool-hops] [--out FILE]");
        }

        return new BenchOptions(args[0], Int("--prompt-words", 64), Int("--generate", 64), Int("--rounds", 5), Int("--threads", Environment.ProcessorCount), Value("--out"), Value("--variants")?.Split(','), Int("--streams", 1));
    }
}
