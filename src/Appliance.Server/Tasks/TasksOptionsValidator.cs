using Appliance.Tasks.Templates;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tasks;

/// <summary>
/// Start-up check of <c>Appliance:Tasks</c> and of every template file it points at: each problem of
/// each file as <c>file: key: problem (line N)</c>, so the start fails with all of them at once
/// (a tie between two variants names both files).
/// </summary>
internal sealed class TasksOptionsValidator : IValidateOptions<TasksOptions>
{
    public ValidateOptionsResult Validate(string? name, TasksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ShippedFolder))
        {
            failures.Add($"{TasksOptions.SectionName}:{nameof(TasksOptions.ShippedFolder)}: must name a folder");
        }

        if (string.IsNullOrWhiteSpace(options.SiteFolder))
        {
            failures.Add($"{TasksOptions.SectionName}:{nameof(TasksOptions.SiteFolder)}: must name a folder");
        }

        if (options.ReloadDelay < TimeSpan.Zero || options.ReloadDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{TasksOptions.SectionName}:{nameof(TasksOptions.ReloadDelay)}: must be from 00:00:00 to 00:01:00");
        }

        if (failures.Count == 0)
        {
            failures.AddRange(TaskLibrary.Build(options).Problems.Select(p => p.ToString()));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
