using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Server.Calls;
using DomainFinishReason = Appliance.Core.Generation.FinishReason;
using DomainPriority = Appliance.Core.Generation.Priority;
using ProtoFinishReason = Appliance.Contracts.V1.FinishReason;
using ProtoPriority = Appliance.Contracts.V1.Priority;

namespace Appliance.Server.GrpcApi;

/// <summary>Proto ⇄ domain mapping for the Generation service. No logic beyond defaults.</summary>
internal static class ProtoMapper
{
    /// <summary>The domain request of a Generate call (see <see cref="ToDomain(IGenerationInput, SamplingParams, CallContext, DateTime)"/>).</summary>
    public static GenerationRequest ToDomain(GenerateRequest request, CallContext call, DateTime deadline) =>
        WithReasoning(ToDomain(request, request?.Sampling, call, deadline), request!) with { ResponseFormat = ResponseFormatMapper.ToDomain(request!.ResponseFormat) };

    /// <summary>The domain request of a Complete call: the same fields as Generate's.</summary>
    public static GenerationRequest ToDomain(CompleteRequest request, CallContext call, DateTime deadline) =>
        WithReasoning(ToDomain(request, request?.Sampling, call, deadline), request!) with { ResponseFormat = ResponseFormatMapper.ToDomain(request!.ResponseFormat) };

    /// <summary>The reasoning fields (30-31); a reasoning value the contract does not define is refused naming the field.</summary>
    public static GenerationRequest WithReasoning(GenerationRequest domain, IReasoningCall request) => domain with
    {
        Reasoning = request.Reasoning switch
        {
            Reasoning.Unspecified or Reasoning.Hidden => ReasoningMode.Hidden,
            Reasoning.Separate => ReasoningMode.Separate,
            var unknown => throw CheckDefined(unknown, "reasoning")!,
        },
        ReasoningMaxTokens = request.HasReasoningMaxTokens ? request.ReasoningMaxTokens : null,
    };

    /// <summary>The domain request: the message's fields, with the ids, client and effective priority the call's context decided.</summary>
    public static GenerationRequest ToDomain(IGenerationInput request, SamplingParams? sampling, CallContext call, DateTime deadline)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        return new GenerationRequest
        {
            RequestId = call.RequestId,
            ModelId = request.ModelId,
            Prompt = request.HasPrompt ? request.Prompt : null,
            Messages = request.Messages is { } messages
                ? [.. messages.Items.Select(m => new Core.Generation.ChatMessage(m.Role, m.Content))]
                : [],
            Sampling = ToDomain(sampling),
            Priority = call.Priority,
            ClientId = call.ClientId,
            ClientRequestId = call.ClientRequestId,
            Deadline = deadline == DateTime.MaxValue ? null : new DateTimeOffset(deadline, TimeSpan.Zero),
        };
    }

    public static Usage ToProto(TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new Usage
        {
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            CachedPromptTokens = usage.CachedPromptTokens,
            ReasoningTokens = usage.ReasoningTokens,
        };
    }

    public static Timings ToProto(GenerationTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        return new Timings
        {
            QueueSeconds = timings.Queue.TotalSeconds,
            TimeToFirstTokenSeconds = timings.TimeToFirstToken.TotalSeconds,
            TotalSeconds = timings.Total.TotalSeconds,
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
        Usage = ToProto(completed.Usage),
        Timings = ToProto(completed.Timings),
        RequestId = request.RequestId,
        ClientRequestId = request.ClientRequestId ?? string.Empty,
        ModelId = request.ModelId,
        Structured = ResponseFormatMapper.ToProto(completed.Structured),
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

    /// <summary>
    /// Protobuf keeps an enum number the contract does not define (a newer or hostile client);
    /// such a value is refused naming the field, never run as the default.
    /// </summary>
    public static InvalidRequestException? CheckDefined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value)
            ? null
            : new InvalidRequestException(field, $"must be one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => ProtoName<TEnum>(n)))} (got {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)})");

    /// <summary>The .proto spelling of a generated enum name: <c>Urgent</c> of <c>Priority</c> is <c>PRIORITY_URGENT</c>.</summary>
    private static string ProtoName<TEnum>(string name) => $"{ScreamingSnake(typeof(TEnum).Name)}_{ScreamingSnake(name)}";

    internal static string ScreamingSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{c}" : c.ToString())).ToUpperInvariant();

    /// <summary>Unspecified means normal.</summary>
    public static DomainPriority ToDomain(ProtoPriority priority) => priority switch
    {
        ProtoPriority.Urgent => DomainPriority.Urgent,
        ProtoPriority.Batch => DomainPriority.Batch,
        _ => DomainPriority.Normal,
    };
}
