using Appliance.Contracts.V1;
using Grpc.Health.V1;

namespace Appliance.Cli.Formatting;

/// <summary>Short, lowercase display names for the contract's enums ("text-generation", "ready").</summary>
internal static class ProtoNames
{
    public static string Of(ModelKind kind) => kind switch
    {
        ModelKind.TextGeneration => "text-generation",
        ModelKind.Embedding => "embedding",
        ModelKind.Tensor => "tensor",
        _ => "unspecified",
    };

    public static string Of(ModelState state) => state switch
    {
        ModelState.Loading => "loading",
        ModelState.Ready => "ready",
        ModelState.Failed => "failed",
        ModelState.Available => "available",
        ModelState.Draining => "draining",
        _ => "unspecified",
    };

    public static string Of(FinishReason reason) => reason switch
    {
        FinishReason.Stop => "stop",
        FinishReason.Length => "length",
        FinishReason.Cancelled => "cancelled",
        FinishReason.Deadline => "deadline",
        FinishReason.Error => "error",
        _ => "unspecified",
    };

    public static string Of(Structured structured) => structured switch
    {
        Structured.Valid => "valid",
        Structured.Incomplete => "incomplete",
        Structured.Invalid => "invalid",
        _ => "unspecified",
    };

    /// <summary>The grpc.health.v1 names, as other health tools print them.</summary>
    public static string Of(HealthCheckResponse.Types.ServingStatus status) => status switch
    {
        HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
        HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    };

    public static string Of(GroundingPolicy policy) => policy switch
    {
        GroundingPolicy.Annotate => "annotate",
        GroundingPolicy.Reject => "reject",
        GroundingPolicy.Retry => "retry",
        _ => "unspecified",
    };

    public static string Of(PolicyOutcome outcome) => outcome switch
    {
        PolicyOutcome.Grounded => "grounded",
        PolicyOutcome.Annotated => "annotated",
        PolicyOutcome.RetriedGrounded => "retried, grounded",
        PolicyOutcome.RetriedAnnotated => "retried, annotated",
        _ => "unspecified",
    };

    /// <summary>A grounding item kind in lower snake case ("lab_value").</summary>
    public static string Of(GroundingItemKind kind) =>
        kind == GroundingItemKind.Unspecified ? "unspecified" : string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
