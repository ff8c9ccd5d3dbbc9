namespace Appliance.Core.Generation;

/// <summary>A validated-by-shape request to generate text. Exactly one of prompt or messages is set.</summary>
public sealed record GenerationRequest
{
    /// <summary>Server-assigned id, unique per call; appears in logs and audit, never patient data.</summary>
    public required string RequestId { get; init; }

    /// <summary>Model to run.</summary>
    public required string ModelId { get; init; }

    /// <summary>Raw prompt, used as is (no chat template).</summary>
    public string? Prompt { get; init; }

    /// <summary>Chat turns, rendered with the model's chat template.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];

    /// <summary>Sampling and stopping.</summary>
    public SamplingParameters Sampling { get; init; } = new();

    /// <summary>Priority class requested by the caller.</summary>
    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>Calling system as the server identified it (client certificate or API key; <c>anonymous</c> in development).</summary>
    public string ClientId { get; init; } = "anonymous";

    /// <summary>The caller's own correlation id, echoed back.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>What the caller receives of a reasoning model's reasoning; ignored by a model without reasoning markers.</summary>
    public ReasoningMode Reasoning { get; init; } = ReasoningMode.Hidden;

    /// <summary>
    /// Most reasoning tokens; null uses the manifest's budget. When it is reached the worker feeds the
    /// end marker so the model goes on with its answer. Ignored by a model without reasoning markers.
    /// </summary>
    public int? ReasoningMaxTokens { get; init; }

    /// <summary>Structured output constraint; null means free text.</summary>
    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>Absolute deadline, if the caller set one.</summary>
    public DateTimeOffset? Deadline { get; init; }
}
