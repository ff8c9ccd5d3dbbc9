namespace Appliance.Tasks.Templates;

/// <summary>A template's sampling defaults; null keeps the server's default.</summary>
public sealed record TaskSampling
{
    /// <summary>Softmax temperature, 0..2; tasks usually want 0-0.3.</summary>
    public float? Temperature { get; init; }

    /// <summary>Nucleus mass, (0, 1].</summary>
    public float? TopP { get; init; }

    /// <summary>Top-k, 0 disables.</summary>
    public int? TopK { get; init; }

    /// <summary>Most answer tokens.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Seed of the first attempt (a retry adds one).</summary>
    public uint? Seed { get; init; }
}
