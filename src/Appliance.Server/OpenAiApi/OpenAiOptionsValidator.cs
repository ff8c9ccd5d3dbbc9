using Appliance.Server.Metrics;
using Microsoft.Extensions.Options;

namespace Appliance.Server.OpenAiApi;

/// <summary>Start-up checks of <see cref="OpenAiOptions"/>, naming the key at fault (TLS and plaintext rules: <see cref="Security.SecurityOptionsValidator"/>).</summary>
internal sealed class OpenAiOptionsValidator(IOptions<MetricsOptions> metrics) : IValidateOptions<OpenAiOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenAiOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (OpenAiListener.Parse(options.Url) is not { } address)
        {
            errors.Add($"{OpenAiOptions.SectionName}:Url must be http(s)://ADDRESS:PORT with an IP address, localhost or * (got '{options.Url}')");
        }
        else if (address.Port != 0 && metrics.Value.Enabled && metrics.Value.Port == address.Port)
        {
            errors.Add($"{OpenAiOptions.SectionName}:Url must not use the metrics port ({address.Port}, {MetricsOptions.SectionName}:Port)");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add($"{OpenAiOptions.SectionName}:MaxRequestBodyBytes must be 1024..67108864 (got {options.MaxRequestBodyBytes})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
