using Appliance.Core.Logging;

namespace Appliance.Server.Security;

/// <summary>
/// Log messages of failed-authentication throttling (8030-8049). A source address is a caller
/// identifier: hashed in every sink like a caller's request id (the audit log holds it as sent).
/// </summary>
internal static partial class FailedAuthenticationLog
{
    [LoggerMessage(EventId = 8030, Level = LogLevel.Warning,
        Message = "{Failures} failed authentications from {Source} within {Window}: its calls are refused without checking credentials until {Until} (Appliance:Security:FailedAuthentication); the audit log has the address")]
    public static partial void ThrottleStarted(ILogger logger, [CallerIdentifier] string source, int failures, TimeSpan window, DateTimeOffset until);

    [LoggerMessage(EventId = 8031, Level = LogLevel.Warning,
        Message = "{Refused} calls from {Source} refused without checking credentials since {From} (too many failed authentications); the audit log has a summary record")]
    public static partial void Summary(ILogger logger, [CallerIdentifier] string source, long refused, DateTimeOffset from);

    [LoggerMessage(EventId = 8032, Level = LogLevel.Warning,
        Message = "Failed authentications come from more than {MaxTracked} addresses (Appliance:Security:FailedAuthentication:MaxTrackedAddresses): new addresses share one count for {Window}")]
    public static partial void TooManyAddresses(ILogger logger, int maxTracked, TimeSpan window);
}
