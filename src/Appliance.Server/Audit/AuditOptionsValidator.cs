using System.Globalization;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Audit;

/// <summary>Start-up checks of <see cref="AuditOptions"/>, naming the key at fault.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    /// <summary>Smallest file size that holds a few records.</summary>
    public const long MinFileBytes = 4096;

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            errors.Add($"{AuditOptions.SectionName}:Directory must name a folder");
        }

        if (options.MaxFileBytes < MinFileBytes)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{AuditOptions.SectionName}:MaxFileBytes must be >= {MinFileBytes} (got {options.MaxFileBytes})"));
        }

        if (options.RetentionDays < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{AuditOptions.SectionName}:RetentionDays must be >= 1 (got {options.RetentionDays})"));
        }

        if (options.FlushInterval <= TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{AuditOptions.SectionName}:FlushInterval must be > 0 and <= 00:01:00 (got {options.FlushInterval})"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
