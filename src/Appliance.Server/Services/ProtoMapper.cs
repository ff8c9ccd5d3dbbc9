using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Grpc.Core;
using DomainFinishReason = Appliance.Core.Generation.FinishReason;
using DomainPriority = Appliance.Core.Generation.Priority;
using ProtoFinishReason = Appliance.Contracts.V1.FinishReason;
using ProtoPriority = Appliance.Contracts.V1.Priority;

namespace Appliance.Server.Services;

/// <summary>Proto ⇄ domain mapping for the Generation service. No logic beyond defaults.</summary>
internal static class ProtoMapper
{
    /// <summary>Metadata header naming the calling system when the request's client field is empty.</summary>
    public const string ClientHeader = "x-appliance-client";

    public static GenerationRequest ToDomain(GenerateRequest request, ServerCallContext context, string requestId)
    {
        var deadline = context.Deadline == DateTime.MaxValue ? (DateTimeOffset?)null : new DateTimeOffset(context.Deadline, TimeSpan.Zero);
        return new GenerationRequest
        {
            RequestId = requestId,
            ModelId = request.ModelId,
            Prompt = request.InputCase == GenerateRequest.InputOneofCase.Prompt ? request.Prompt : null,
            Messages = request.InputCase == GenerateRequest.InputOneofCase.Messages
                ? [.. request.Messages.Items.Select(m => new Core.Generation.ChatMessage(m.Role, m.Content))]
                : [],
            Sampling = ToDomain(request.Sampling),
            Priority = ToDomain(request.Priority),
            ClientId = ClientId(request.Client, context),
            ClientRequestId = string.IsNullOrEmpty(request.ClientRequestId) ? null : request.ClientRequestId,
            Deadline = deadline,
        };
    }

    public static GenerationFinal ToProto(GenerationCompleted completed, GenerationRequest request) => new()
    {
        FinishReason = completed.Reason switch
        {
            DomainFinishReason.Stop => ProtoFinishReason.Stop,
            DomainFinishReason.Length => ProtoFinishReason.Length,
            DomainFinishReason.Cancelled => ProtoFinishReason.Cancelled,
            DomainFinishReason.Deadline => ProtoFinishReason.Deadline,
            _ => ProtoFinishReason.Error,
        },
        Usage = new Usage
        {
            PromptTokens = completed.Usage.PromptTokens,
            CompletionTokens = completed.Usage.CompletionTokens,
            CachedPromptTokens = completed.Usage.CachedPromptTokens,
        },
        Timings = new Timings
        {
            QueueSeconds = completed.Timings.Queue.TotalSeconds,
            TimeToFirstTokenSeconds = completed.Timings.TimeToFirstToken.TotalSeconds,
            TotalSeconds = completed.Timings.Total.TotalSeconds,
        },
        RequestId = request.RequestId,
        ClientRequestId = request.ClientRequestId ?? string.Empty,
        ModelId = request.ModelId,
    };

    private static SamplingParameters ToDomain(SamplingParams? p)
    {
        var d = new SamplingParameters();
        if (p is null)
        {
            return d;
        }

        return d with
        {
            Temperature = p.HasTemperature ? p.Temperature : d.Temperature,
            TopP = p.HasTopP ? p.TopP : d.TopP,
            TopK = p.HasTopK ? p.TopK : d.TopK,
            MinP = p.HasMinP ? p.MinP : d.MinP,
            RepeatPenalty = p.HasRepeatPenalty ? p.RepeatPenalty : d.RepeatPenalty,
            Seed = p.HasSeed ? p.Seed : d.Seed,
            MaxTokens = p.HasMaxTokens ? p.MaxTokens : null,
            Stop = [.. p.Stop],
        };
    }

    /// <summary>Longest caller correlation id (as for Generate).</summary>
    public const int MaxClientRequestIdLength = 128;

    /// <summary>A new server request id.</summary>
    public static string NewRequestId() => $"req_{Guid.NewGuid():N}";

    /// <summary>The caller's correlation id is bounded (it goes to logs and the audit trail).</summary>
    public static void CheckClientRequestId(string? clientRequestId)
    {
        if (clientRequestId is { Length: > MaxClientRequestIdLength })
        {
            throw new InvalidRequestException("client_request_id", $"must be at most {MaxClientRequestIdLength} characters");
        }
    }

    /// <summary>Unspecified means normal.</summary>
    public static DomainPriority ToDomain(ProtoPriority priority) => priority switch
    {
        ProtoPriority.Urgent => DomainPriority.Urgent,
        ProtoPriority.Batch => DomainPriority.Batch,
        _ => DomainPriority.Normal,
    };

    /// <summary>
    /// The calling system as the interceptors decided it (<see cref="Security.CallAccess"/>):
    /// the authenticated client, never a self-declared one when credentials were presented.
    /// The request's <paramref name="field"/> only counts without credentials (development).
    /// </summary>
    public static string ClientId(string? field, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Security.CallAccess.Cached(context)?.ClientId
            ?? throw new InvalidOperationException($"no access decision for {context.Method}: AuthorizationInterceptor did not run (client field present: {!string.IsNullOrEmpty(field)})");
    }
}
