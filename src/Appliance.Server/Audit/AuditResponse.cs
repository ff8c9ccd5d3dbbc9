using Appliance.Contracts.V1;
using Appliance.Core.Audit;

namespace Appliance.Server.Audit;

/// <summary>Copies what an end record may hold from a response: ids, token counts, timings, finish reason. Nothing else.</summary>
internal static class AuditResponse
{
    public static AuditRecord Apply(AuditRecord record, object? response) => response switch
    {
        CompleteResponse { Final: { } final } => FromFinal(record, final),
        GenerateResponse { Final: { } final } => FromFinal(record, final),
        EmbedResponse embed => record with
        {
            RequestId = NullIfEmpty(embed.RequestId),
            PromptTokens = embed.Usage?.PromptTokens,
        },
        InferResponse infer => record with { RequestId = NullIfEmpty(infer.RequestId) },
        _ => record,
    };

    private static AuditRecord FromFinal(AuditRecord record, GenerationFinal final) => record with
    {
        RequestId = NullIfEmpty(final.RequestId),
        PromptTokens = final.Usage?.PromptTokens,
        CompletionTokens = final.Usage?.CompletionTokens,
        QueueMilliseconds = final.Timings is { } t ? (long)Math.Round(t.QueueSeconds * 1000) : null,
        TotalMilliseconds = final.Timings is { } u ? (long)Math.Round(u.TotalSeconds * 1000) : null,
        FinishReason = final.FinishReason == FinishReason.Unspecified ? null : final.FinishReason.ToString().ToLowerInvariant(),
    };

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
