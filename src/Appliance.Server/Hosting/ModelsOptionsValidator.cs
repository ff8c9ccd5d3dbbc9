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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsPath(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.IndexOfAny(Path.GetInvalidPathChars()) < 0;
}
