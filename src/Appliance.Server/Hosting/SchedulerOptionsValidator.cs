using Appliance.Scheduling;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>Checks <c>Appliance:Scheduler</c> at start-up and reports every problem with its configuration key.</summary>
internal sealed class SchedulerOptionsValidator(IConfiguration configuration) : IValidateOptions<SchedulerOptions>
{
    private const string Section = SchedulerOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var failures = new List<string>();
        Require(options.MaxWaitingRequests >= 0, "MaxWaitingRequests must be >= 0", options.MaxWaitingRequests, failures);
        Require(options.MaxWaitingInputs >= 0, "MaxWaitingInputs must be >= 0", options.MaxWaitingInputs, failures);
        Require(options.MaxTensorElements >= 1, "MaxTensorElements must be >= 1", options.MaxTensorElements, failures);
        Require(options.MaxWaitingPromptTokens >= 0, "MaxWaitingPromptTokens must be >= 0", options.MaxWaitingPromptTokens, failures);
        Require(options.PrefillChunkTokens >= 1, "PrefillChunkTokens must be at least 1", options.PrefillChunkTokens, failures);
        Require(options.UrgentPrefillChunkTokens >= 1, "UrgentPrefillChunkTokens must be at least 1", options.UrgentPrefillChunkTokens, failures);
        Require(options.UrgentWindow >= TimeSpan.Zero, "UrgentWindow must not be negative", options.UrgentWindow, failures);
        Require(options.UrgentStepTarget >= TimeSpan.Zero && options.UrgentStepTarget <= TimeSpan.FromSeconds(10), "UrgentStepTarget must be between 0 (off) and 10 s", options.UrgentStepTarget, failures);
        Require(options.MaxPromptBytesPerToken >= 1, "MaxPromptBytesPerToken must be at least 1", options.MaxPromptBytesPerToken, failures);
        Require(options.MaxMessages >= 1, "MaxMessages must be at least 1", options.MaxMessages, failures);
        Require(options.MaxEmbedInputBytes >= 1, "MaxEmbedInputBytes must be at least 1", options.MaxEmbedInputBytes, failures);
        Require(options.DrainTimeout >= TimeSpan.Zero, "DrainTimeout must not be negative", options.DrainTimeout, failures);
        Require(
            options.InitialRetryAfter >= TimeSpan.FromMilliseconds(100) && options.InitialRetryAfter <= TimeSpan.FromSeconds(60),
            "InitialRetryAfter must be between 00:00:00.1 and 00:01:00", options.InitialRetryAfter, failures);
        if (options.BatchMinimumShare is < 0 or > 1 || double.IsNaN(options.BatchMinimumShare))
        {
            failures.Add($"{Section}:BatchMinimumShare must be between 0 and 1 (got {options.BatchMinimumShare})");
        }

        Check(options.DefaultClient, $"{Section}:DefaultClient", failures);
        // Read from the configuration: SchedulerOptions has no Clients any more, so the binder would drop the section silently.
        foreach (var client in configuration.GetSection($"{Section}:Clients").GetChildren().Select(c => c.Key))
        {
            failures.Add($"{Section}:Clients:{client}: calling systems are configured under Appliance:Clients:{client} now (credentials, allowed models, Weight, MaxConcurrent, PriorityCeiling); move the section there");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Require(bool ok, string rule, object value, List<string> failures)
    {
        if (!ok)
        {
            failures.Add($"{Section}:{rule} (got {value})");
        }
    }

    private static void Check(ClientPolicy policy, string key, List<string> failures)
    {
        if (!(policy.Weight > 0) || double.IsInfinity(policy.Weight))
        {
            failures.Add($"{key}:Weight must be a positive number (got {policy.Weight})");
        }

        if (policy.MaxConcurrent is < 1)
        {
            failures.Add($"{key}:MaxConcurrent must be at least 1 or absent (got {policy.MaxConcurrent})");
        }

        if (!Enum.IsDefined(policy.PriorityCeiling))
        {
            failures.Add($"{key}:PriorityCeiling must be Urgent, Normal or Batch");
        }
    }
}
