namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>GET /v1/models</c>.</summary>
internal sealed record ModelList(IReadOnlyList<ModelCard> Data)
{
    public string Object { get; init; } = "list";
}

/// <summary>One model as OpenAI describes it.</summary>
internal sealed record ModelCard(string Id, long Created, string OwnedBy)
{
    public string Object { get; init; } = "model";
}
