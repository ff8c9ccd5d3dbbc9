using Appliance.Core.Generation;
using Appliance.Scheduling;
using Appliance.Server.Models;
using Appliance.Server.Security;

namespace Appliance.Server.Metrics;

/// <summary>
/// Maps what callers send onto the closed label sets of docs/metrics.md, so no caller can grow
/// the number of series: a model id that is not configured becomes <c>other</c>, as does a
/// client that is not configured.
/// </summary>
internal sealed class MetricLabels
{
    public const string Other = "other";
    public const string Anonymous = "anonymous";

    private readonly ConfiguredModelIds _models;
    private readonly ClientDirectory _clients;

    public MetricLabels(ConfiguredModelIds models, ClientDirectory clients)
    {
        _models = models;
        _clients = clients;
    }

    /// <summary>The configured model's id, <c>other</c> for any other id, empty for none.</summary>
    public string Model(string? modelId) =>
        string.IsNullOrEmpty(modelId) ? "" : _models.Contains(modelId) ? modelId : Other;

    /// <summary>The configured client's id (Appliance:Clients, as now configured), <c>anonymous</c>, or <c>other</c>.</summary>
    public string Client(string? clientId) =>
        string.IsNullOrEmpty(clientId) || clientId == Anonymous ? Anonymous : _clients.Current.ById.ContainsKey(clientId) ? clientId : Other;

    public static string Priority(Priority priority) => priority switch
    {
        Core.Generation.Priority.Urgent => "urgent",
        Core.Generation.Priority.Batch => "batch",
        _ => "normal",
    };

    public static string FinishReason(FinishReason reason) => reason switch
    {
        Core.Generation.FinishReason.Stop => "stop",
        Core.Generation.FinishReason.Length => "length",
        Core.Generation.FinishReason.Cancelled => "cancelled",
        Core.Generation.FinishReason.Deadline => "deadline",
        _ => "error",
    };

    public static string Rejection(RejectionReason reason) => reason switch
    {
        RejectionReason.Invalid => "invalid",
        RejectionReason.ModelNotFound => "model_not_found",
        RejectionReason.ModelUnavailable => "model_unavailable",
        RejectionReason.Unauthorised => "unauthorised",
        RejectionReason.Quota => "quota",
        _ => "queue_full",
    };
}
