using Appliance.Core.Generation;

namespace Appliance.Core.Inference;

/// <summary>One call of a tensor model (in the spirit of the KServe v2 inference protocol).</summary>
public sealed record InferRequest
{
    /// <summary>Server-assigned id (logs, audit).</summary>
    public required string RequestId { get; init; }

    /// <summary>The tensor model.</summary>
    public required string ModelId { get; init; }

    /// <summary>Every input of the model, by name.</summary>
    public required IReadOnlyList<NamedTensor> Inputs { get; init; }

    /// <summary>Outputs wanted; empty returns all.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Priority class requested.</summary>
    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>Calling system.</summary>
    public string ClientId { get; init; } = "anonymous";
}
