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
        if (options.MaxWaitingRequests < 0)
        {
            failures.Add($"{Section}:MaxWaitingRequests must be >= 0 (got {options.MaxWaitingRequests})");
        }

        if (options.MaxWaitingInputs < 0)
        {
            failures.Add($"{Section}:MaxWaitingInputs must be >= 0 (got {options.MaxWaitingInputs})");
        }

        if (options.MaxTensorElements < 1)
        {
            failures.Add($"{Section}:MaxTensorElements must be >= 1 (got {options.MaxTensorElements})");
        }

        if (options.MaxWaitingPromptTokens < 0)
        {
            failures.Add($"{Section}:MaxWaitingPromptTokens must be >= 0 (got {options.MaxWaitingPromptTokens})");
        }

        if (options.PrefillChunkTokens < 1)
        {
            failures.Add($"{Section}:PrefillChunkTokens must be at least 1 (got {options.PrefillChunkTokens})");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            failures.Add($"{Section}:DrainTimeout must not be negative (got {options.DrainTimeout})");
        }

        if (options.InitialRetryAfter < TimeSpan.FromMilliseconds(100) || options.InitialRetryAfter > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{Section}:InitialRetryAfter must be between 00:00:00.1 and 00:01:00 (got {options.InitialRetryAfter})");
        }

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
