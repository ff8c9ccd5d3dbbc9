using Microsoft.Extensions.Options;

namespace Appliance.Server.Tasks;

/// <summary>
/// Start-up check of <c>Appliance:Tasks</c> itself. The template files it points at are checked once the
/// settings pass (<see cref="TaskTemplatesCheck"/>, which also stops the start), so
/// <c>appliancectl config check</c> reports them under their own heading.
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
