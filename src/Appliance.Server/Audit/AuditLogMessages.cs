namespace Appliance.Server.Audit;

/// <summary>Log messages of the audit log (event ids 7001-7099). They never carry record contents.</summary>
internal static partial class AuditLogMessages
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Audit log: writing to {Directory}, chain continues at sequence {Sequence}")]
    public static partial void Started(ILogger logger, string directory, long sequence);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Audit log: the last line of {File} is torn (crash mid-write); a new file continues the chain from the last whole record (sequence {Sequence})")]
    public static partial void TornTail(ILogger logger, string file, long sequence);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Audit log: queue full, {Dropped} record(s) dropped so far")]
    public static partial void Dropped(ILogger logger, long dropped);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Audit log: retention deleted {File}")]
    public static partial void Deleted(ILogger logger, string file);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Audit log: writing failed; records are being lost")]
    public static partial void WriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Audit log: disabled (Appliance:Audit:Enabled=false)")]
    public static partial void Disabled(ILogger logger);

    /// <summary>The chain head at a file rotation, for anchoring off the box (<c>appliancectl audit verify --expect-head</c>).</summary>
    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Audit log: closed {File}; chain head {Sequence}:{Hash}")]
    public static partial void Rotated(ILogger logger, string file, long sequence, string hash);

    /// <summary>The chain head at shutdown, for anchoring off the box.</summary>
    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Audit log: stopped; chain head {Sequence}:{Hash}")]
    public static partial void Stopped(ILogger logger, long sequence, string hash);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "Audit log: retention removed the records before sequence {Sequence}; a checkpoint record says so")]
    public static partial void RetentionCheckpoint(ILogger logger, long sequence);
}
