namespace Appliance.Core.Logging;

/// <summary>
/// The one list of log event id ranges in the appliance. Every <c>[LoggerMessage]</c> in every
/// Appliance assembly takes its <c>EventId</c> from the range of the feature (namespace) it is
/// declared in, so operators can filter by range and two features can never collide; a test
/// checks every declared id against this table. A new feature adds its range here first.
/// </summary>
public static class LogEventIds
{
    /// <summary>Every range, in id order; ranges never overlap.</summary>
    public static IReadOnlyList<LogEventRange> Ranges { get; } =
    [
        new(1, 99, "Appliance.Server.Hosting", "start-up: profile, warnings, the demo and embedding models"),
        new(1000, 1099, "Appliance.Server.Models", "model host: discovery, verification, loading, failures"),
        new(1100, 1199, "Appliance.Catalog", "manifests and the model catalog"),
        new(2000, 2099, "Appliance.Engines.Llama", "llama.cpp: native library, loading, decoding"),
        new(2100, 2199, "Appliance.Engines.Onnx", "ONNX Runtime: sessions, execution providers"),
        new(3000, 3199, "Appliance.Scheduling", "model workers: the generation loop (30xx) and embedding/tensor batches (31xx)"),
        new(4000, 4099, "Appliance.Server.Calls", "the call pipeline: refusals and unexpected failures"),
        new(5000, 5099, "Appliance.Server.OpenAiApi", "the OpenAI-compatible HTTP door"),
        new(6000, 6099, "Appliance.Server.Metrics", "metrics and GPU monitoring"),
        new(7000, 7099, "Appliance.Server.Audit", "the audit log"),
        new(8000, 8099, "Appliance.Server.Security", "calling systems, authentication, authorisation"),
        new(8100, 8199, "Appliance.Server.Security", "TLS certificates"),
        new(9000, 9099, "Appliance.Server.Tasks", "clinical tasks: template files, selection, runs, grounding policy"),
        new(9100, 9199, "Appliance.Grounding", "the grounding checker: lexicons and segmentation"),
    ];
}
