using Appliance.Core.Logging;

namespace Appliance.Server.Security;

/// <summary>Log messages of client identity and access. Never a credential, never request content.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Calling systems: {Count} configured under Appliance:Clients; anonymous calls {AllowAnonymous}")]
    public static partial void ClientsLoaded(ILogger logger, int count, bool allowAnonymous);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning,
        Message = "No calling system is configured under Appliance:Clients and anonymous calls are off: every call will be refused with Unauthenticated. See README 'Connecting a hospital system'.")]
    public static partial void NoClients(ILogger logger);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Appliance:Clients reloaded: {Count} calling systems")]
    public static partial void ClientsReloaded(ILogger logger, int count);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Error, Message = "Appliance:Clients changed but is invalid; the previous clients stay in force: {Errors}")]
    public static partial void ReloadRefused(ILogger logger, string errors);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning,
        Message = "{Method} refused ({Decision}) for client {Client} from {Source}, caller request id {ClientRequestId}; the audit log has the record (and the address)")]
    public static partial void Refused(ILogger logger, string method, string decision, string client, [CallerIdentifier] string? source, [CallerIdentifier] string? clientRequestId);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Error, Message = "Appliance:Clients reload failed; the previous clients stay in force")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Error,
        Message = "{File} changed but is not in force: {Problem}. The previous {Count} calling systems stay in force until the file is fixed.")]
    public static partial void ClientsFileRefused(ILogger logger, string file, string problem, int count);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Error,
        Message = "{File} was deleted; the previous {Count} calling systems stay in force (every system would otherwise be locked out): {Problem}")]
    public static partial void ClientsFileDeleted(ILogger logger, string file, int count, string problem);
}
