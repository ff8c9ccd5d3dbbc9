namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// The real server with the shipped task templates and one text-generation model, the synthetic GGUF
/// (tiny preset, random weights) on the real LLamaSharp engine, with a sequence slot for every shipped
/// variant so the scheduler batches them all and a context that holds the longest prompt (Chinese text is
/// byte tokens in the synthetic vocabulary) plus the largest output budget.
/// </summary>
public sealed class ShippedTasksEngineFixture : ApplianceServerFixture
{
    public const int Variants = 9;

    public ShippedTasksEngineFixture()
    {
        Models = [new StagedModel(ModelId) { ContextLength = 10240, MaxSequences = Variants, BatchTokens = 512 }];
    }
}
