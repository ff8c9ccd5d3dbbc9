using Appliance.Core;
using Appliance.Core.Errors;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>Shape and range checks that need no model; messages name the proto field.</summary>
internal static class RequestValidator
{
    public const int MaxStopStrings = 8;
    public const int MaxStopLength = 64;
    private static readonly string[] Roles = ["system", "user", "assistant"];

    /// <param name="request">The request.</param>
    /// <param name="maxMessages">Most chat messages a request may carry (<see cref="SchedulerOptions.MaxMessages"/>).</param>
    public static void Validate(GenerationRequest request, int maxMessages)
    {
        if (string.IsNullOrWhiteSpace(request.ModelId))
        {
            throw new InvalidRequestException("model_id", "is required");
        }

        ValidateInput(request, maxMessages);
        ValidateSampling(request.Sampling);
        Check(Enum.IsDefined(request.Reasoning), "reasoning", "must be REASONING_HIDDEN or REASONING_SEPARATE", request.Reasoning);
        Check(request.ReasoningMaxTokens is null or >= 1, "reasoning_max_tokens", "must be at least 1", request.ReasoningMaxTokens);
        ResponseFormatValidator.Validate(request.ResponseFormat, request.Sampling);
        ClientRequestIds.Check(request.ClientRequestId);
    }

    private static void ValidateInput(GenerationRequest request, int maxMessages)
    {
        if (request.Prompt is not null)
        {
            if (request.Prompt.Length == 0)
            {
                throw new InvalidRequestException("prompt", "must not be empty");
            }

            return;
        }

        if (request.Messages.Count == 0)
        {
            throw new InvalidRequestException("prompt", "is required: send a prompt or at least one message");
        }

        if (request.Messages.Count > maxMessages)
        {
            throw new InvalidRequestException("messages.items", $"at most {maxMessages} messages per call (got {request.Messages.Count})");
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            if (!Roles.Contains(message.Role))
            {
                throw new InvalidRequestException($"messages.items[{i}].role", "must be system, user or assistant");
            }

            if (string.IsNullOrEmpty(message.Content))
            {
                throw new InvalidRequestException($"messages.items[{i}].content", "must not be empty");
            }
        }
    }

    private static void ValidateSampling(SamplingParameters s)
    {
        Check(float.IsFinite(s.Temperature) && s.Temperature >= 0 && s.Temperature <= 5, "sampling.temperature", "must be between 0 and 5", s.Temperature);
        Check(s.TopP > 0 && s.TopP <= 1, "sampling.top_p", "must be in (0, 1]", s.TopP);
        Check(s.TopK is >= 0 and <= 1000, "sampling.top_k", "must be between 0 and 1000", s.TopK);
        Check(s.MinP >= 0 && s.MinP < 1, "sampling.min_p", "must be in [0, 1)", s.MinP);
        Check(s.RepeatPenalty > 0 && s.RepeatPenalty <= 2, "sampling.repeat_penalty", "must be in (0, 2]", s.RepeatPenalty);
        Check(s.MaxTokens is null or >= 1, "sampling.max_tokens", "must be at least 1", s.MaxTokens);
        if (s.Stop.Count > MaxStopStrings)
        {
            throw new InvalidRequestException("sampling.stop", $"at most {MaxStopStrings} stop strings (got {s.Stop.Count})");
        }

        for (var i = 0; i < s.Stop.Count; i++)
        {
            if (s.Stop[i].Length is 0 or > MaxStopLength)
            {
                throw new InvalidRequestException($"sampling.stop[{i}]", $"must be 1 to {MaxStopLength} characters");
            }
        }
    }

    private static void Check<T>(bool ok, string field, string rule, T value)
    {
        if (!ok)
        {
            throw new InvalidRequestException(field, $"{rule} (got {value})");
        }
    }
}
