namespace Appliance.Server.OpenAiApi;

/// <summary>The HTTP door's log messages (event ids 5000-5099, <c>Core/Logging/LogEventIds</c>). Never request or response text.</summary>
internal static partial class OpenAiLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "OpenAI-compatible HTTP door {Key} = {Url}: {Transport}")]
    public static partial void Endpoint(ILogger logger, string key, string url, string transport);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "OpenAI-compatible HTTP door off ({Key}=false)")]
    public static partial void Off(ILogger logger, string key);
}
