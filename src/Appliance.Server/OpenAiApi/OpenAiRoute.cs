namespace Appliance.Server.OpenAiApi;

/// <summary>Endpoint metadata marking the door's routes, so they answer only on the door's port and nothing else does there.</summary>
internal sealed class OpenAiRoute
{
    public static OpenAiRoute Instance { get; } = new();
}
