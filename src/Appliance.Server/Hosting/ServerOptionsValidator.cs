using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>Checks <c>Appliance:Server</c> at start-up, naming the key at fault.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    /// <summary>Smallest message limit that still fits a short prompt with its envelope.</summary>
    public const int MinReceiveMessageSize = 1024;

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxReceiveMessageSize < MinReceiveMessageSize
            ? ValidateOptionsResult.Fail(
                $"{ServerOptions.SectionName}:MaxReceiveMessageSize must be at least {MinReceiveMessageSize} bytes (got {options.MaxReceiveMessageSize})")
            : ValidateOptionsResult.Success;
    }
}
