namespace Appliance.Server.Tasks;

/// <summary>Log messages of the task layer (event ids 9000-9099). Ids, counts, files and policy names only: never inputs, prompts or answers.</summary>
internal static partial class TasksLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "Task templates in force: {Count} variants in {Families} families ({Shipped} shipped, {Site} from the site folder {SiteFolder})")]
    public static partial void Loaded(ILogger logger, int count, int families, int shipped, int site, string siteFolder);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Task template change refused, the previous {Count} variants stay in force: {Problem}")]
    public static partial void ReloadRefused(ILogger logger, int count, string problem);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Error, Message = "Task template reload failed, the previous {Count} variants stay in force")]
    public static partial void ReloadFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Task {TaskId} {Version}: attempt {Attempt} has {Ungrounded} ungrounded of {Items} items; policy {Policy}")]
    public static partial void Ungrounded(ILogger logger, string taskId, string version, int attempt, int ungrounded, int items, string policy);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Task {TaskId} {Version}: the answer did not satisfy its output schema ({Result}, finish reason {FinishReason})")]
    public static partial void SchemaFailure(ILogger logger, string taskId, string version, string result, string finishReason);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Warning, Message = "Not watching task templates in {Folder} ({Reason}): edits there need a restart")]
    public static partial void NotWatched(ILogger logger, string folder, string reason);
}
