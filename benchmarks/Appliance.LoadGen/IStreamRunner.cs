namespace Appliance.LoadGen;

/// <summary>Runs one measured generation stream through one door.</summary>
internal interface IStreamRunner
{
    /// <summary>
    /// Runs request number <paramref name="index"/> as <paramref name="client"/>, or as the client it draws
    /// when null (a <paramref name="warmup"/> request gets the warmup shared prefix); throws only when
    /// <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<RequestResult> RunAsync(int index, bool warmup, string? client, CancellationToken cancellationToken);
}
