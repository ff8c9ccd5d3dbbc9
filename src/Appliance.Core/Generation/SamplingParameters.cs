namespace Appliance.Core.Generation;

/// <summary>How the next token is chosen and when generation stops.</summary>
public sealed record SamplingParameters
{
    /// <summary>Default <see cref="MaxTokens"/> when the caller sends none.</summary>
    public const int DefaultMaxTokens = 256;

    /// <summary>Softmax temperature; 0 means greedy (argmax).</summary>
    public float Temperature { get; init; } = 0.7f;

    /// <summary>Nucleus sampling mass in (0, 1].</summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>Keep the k most likely tokens; 0 disables.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>Drop tokens below this fraction of the top token's probability; 0 disables.</summary>
    public float MinP { get; init; } = 0.05f;

    /// <summary>Penalty for repeating recent tokens; 1 disables.</summary>
    public float RepeatPenalty { get; init; } = 1.1f;

    /// <summary>Random seed; the same seed, prompt and parameters give the same output.</summary>
    public uint Seed { get; init; }

    /// <summary>
    /// Most tokens to generate; null means <see cref="DefaultMaxTokens"/> or until the context is
    /// full, whichever comes first (so a small-context model never refuses a request for it).
    /// </summary>
    public int? MaxTokens { get; init; }

    /// <summary>Generation stops before any of these strings; the string itself is not returned.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];
}
