using Appliance.Contracts.V1;

namespace Appliance.Cli.Commands;

/// <summary>Maps <see cref="GenerateOptions"/> onto the wire request, leaving unset what the user did not set.</summary>
internal static class GenerateRequestBuilder
{
    public static GenerateRequest Build(GenerateOptions options)
    {
        var request = new GenerateRequest
        {
            ModelId = options.Model,
            Priority = options.Priority,
            Sampling = BuildSampling(options),
        };

        if (options.Raw)
        {
            request.Prompt = options.Prompt;
        }
        else
        {
            var messages = new ChatMessages();
            if (!string.IsNullOrEmpty(options.SystemPrompt))
            {
                messages.Items.Add(new ChatMessage { Role = "system", Content = options.SystemPrompt });
            }

            messages.Items.Add(new ChatMessage { Role = "user", Content = options.Prompt });
            request.Messages = messages;
        }

        if (!string.IsNullOrEmpty(options.Client))
        {
            request.Client = options.Client;
        }

        if (options.ResponseFormat is { } format)
        {
            request.ResponseFormat = format;
        }

        request.Reasoning = options.Reasoning;
        if (options.ReasoningMaxTokens is { } budget)
        {
            request.ReasoningMaxTokens = budget;
        }

        return request;
    }

    private static SamplingParams BuildSampling(GenerateOptions options)
    {
        // proto3 optional: only the fields set here are sent; the rest take the server's defaults.
        var sampling = new SamplingParams();
        if (options.MaxTokens is { } maxTokens)
        {
            sampling.MaxTokens = maxTokens;
        }

        if (options.Temperature is { } temperature)
        {
            sampling.Temperature = temperature;
        }

        if (options.TopP is { } topP)
        {
            sampling.TopP = topP;
        }

        if (options.TopK is { } topK)
        {
            sampling.TopK = topK;
        }

        if (options.Seed is { } seed)
        {
            sampling.Seed = seed;
        }

        sampling.Stop.Add(options.Stop);
        return sampling;
    }
}
