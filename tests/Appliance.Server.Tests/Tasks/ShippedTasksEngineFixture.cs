namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// The real server with the shipped task templates and one text-generation model, the synthetic GGUF
/// (tiny preset, random weights) on the real LLamaSharp engine, with a sequence slot for every shipped
/// variant so the scheduler batches them all and a context that holds the longest prompt (Chinese text is
/// byte tokens in the synthetic vocabulary) plus the random answers (the runner cuts a template's budget to
/// it). One decode thread: the tiny model's steps are so small that a second OpenMP thread spends the time
/// spinning at barriers (measured with perf: 82% in libgomp on a loaded 2-core box).
/// </summary>
public sealed class ShippedTasksEngineFixture : ApplianceServerFixture
{
    public const int Variants = 9;

    public ShippedTasksEngineFixture()
    {
        Models = [new StagedModel(ModelId) { ContextLength = 6144, MaxSequences = Variants, BatchTokens = 512 }];
        Settings["Appliance:Llama:Threads"] = "1";
    }
}
