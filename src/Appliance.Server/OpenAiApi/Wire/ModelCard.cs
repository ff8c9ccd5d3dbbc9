namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>One model as OpenAI describes it.</summary>
internal sealed record ModelCard(string Id, long Created, string OwnedBy)
{
    public string Object { get; init; } = "model";
}
