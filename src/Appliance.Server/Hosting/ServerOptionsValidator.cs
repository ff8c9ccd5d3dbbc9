using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>Checks <c>Appliance:Server</c> at start-up, naming the key at fault.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    /// <summary>Smallest message limit that still fits a short prompt with its envelope.</summary>
    public const int MinReceiveMessageSize = 1024;

    /// <summary>Longest shutdown grace period (systemd's TimeoutStopSec must cover it plus the drain).</summary>
    public static readonly TimeSpan MaxShutdownGracePeriod = TimeSpan.FromSeconds(60);

    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxReceiveMessageSize < MinReceiveMessageSize)
        {
            failures.Add($"{ServerOptions.SectionName}:MaxReceiveMessageSize must be at least {MinReceiveMessageSize} bytes (got {options.MaxReceiveMessageSize})");
        }

        if (options.ShutdownGracePeriod < TimeSpan.Zero || options.ShutdownGracePeriod > MaxShutdownGracePeriod)
        {
            failures.Add($"{ServerOptions.SectionName}:ShutdownGracePeriod must be between 00:00:00 and 00:01:00 (got {options.ShutdownGracePeriod})");
        }

        if (options.LeavePoolDelay < TimeSpan.Zero || options.LeavePoolDelay > MaxShutdownGracePeriod)
        {
            failures.Add($"{ServerOptions.SectionName}:LeavePoolDelay must be between 00:00:00 and 00:01:00 (got {options.LeavePoolDelay})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
