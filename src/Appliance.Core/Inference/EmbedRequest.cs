using Appliance.Core.Generation;

namespace Appliance.Core.Inference;

/// <summary>Texts to embed with one model.</summary>
public sealed record EmbedRequest
{
    /// <summary>Server-assigned id (logs, audit).</summary>
    public required string RequestId { get; init; }

    /// <summary>The embedding model.</summary>
    public required string ModelId { get; init; }

    /// <summary>The texts, one vector each, in order.</summary>
    public required IReadOnlyList<string> Texts { get; init; }

    /// <summary>Scale every vector to unit length (cosine similarity = dot product).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Cut a text longer than the model's input limit (reported in the usage) instead of refusing the call.</summary>
    public bool Truncate { get; init; } = true;

    /// <summary>Priority class requested.</summary>
    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>Calling system.</summary>
    public string ClientId { get; init; } = "anonymous";
}
