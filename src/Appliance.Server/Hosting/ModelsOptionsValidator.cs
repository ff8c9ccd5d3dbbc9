using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>Checks <c>Appliance:Models</c> at start-up and reports every problem with its key.</summary>
internal sealed class ModelsOptionsValidator : IValidateOptions<ModelsOptions>
{
    private const string Section = ModelsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ModelsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.ManifestDirectories.Count; i++)
        {
            if (!IsPath(options.ManifestDirectories[i]))
            {
                failures.Add($"{Section}:ManifestDirectories:{i} must be a folder path (got '{options.ManifestDirectories[i]}')");
            }
        }

        if (options.CacheDirectory is { } cache && !IsPath(cache))
        {
            failures.Add($"{Section}:CacheDirectory must be a folder path or absent (got '{cache}')");
        }

        if (options.WatchDelay < TimeSpan.Zero || options.WatchDelay > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:WatchDelay must be between 00:00:00 and 00:10:00 (got {options.WatchDelay})");
        }

        if (options.EvictAfter < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Section}:EvictAfter must be at least 00:00:01 (got {options.EvictAfter})");
        }

        if (options.EvictUrgentGrace < TimeSpan.Zero)
        {
            failures.Add($"{Section}:EvictUrgentGrace must be 00:00:00 or more (got {options.EvictUrgentGrace})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsPath(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.IndexOfAny(Path.GetInvalidPathChars()) < 0;
}
