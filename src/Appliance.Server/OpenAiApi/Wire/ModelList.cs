namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>GET /v1/models</c>.</summary>
internal sealed record ModelList(IReadOnlyList<ModelCard> Data)
{
    public string Object { get; init; } = "list";
}
