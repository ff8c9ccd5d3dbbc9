namespace Appliance.Server.Hosting;

/// <summary>Start-up log messages.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Appliance starting: profile {Profile}, gRPC reflection {Reflection}")]
    public static partial void Profile(ILogger logger, string profile, bool reflection);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "DEVELOPMENT PROFILE: plaintext gRPC, no caller authentication, reflection on, demo model enabled. Never put patient data through this profile; run with ASPNETCORE_ENVIRONMENT=Production on the box.")]
    public static partial void DevelopmentWarning(ILogger logger);
}
