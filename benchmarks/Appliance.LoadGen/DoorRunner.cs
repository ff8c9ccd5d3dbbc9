namespace Appliance.LoadGen;

/// <summary>
/// Sends each stream through the door of the level being run (<see cref="Current"/>, set by
/// <see cref="LoadGenApp"/> before each level), so both doors share one request numbering: no
/// two requests of a run share a prompt, and neither door gets the other's prefix-cache hits.
/// </summary>
internal sealed class DoorRunner(IStreamRunner grpc, IStreamRunner openAi) : IStreamRunner
{
    public ApiDoor Current { get; set; } = ApiDoor.Grpc;

    public Task<RequestResult> RunAsync(int index, bool warmup, string? client, CancellationToken cancellationToken) =>
        (Current == ApiDoor.OpenAi ? openAi : grpc).RunAsync(index, warmup, client, cancellationToken);
}
