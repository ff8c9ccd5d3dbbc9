namespace Appliance.LoadGen;

internal enum RequestOutcome
{
    /// <summary>Finished with STOP or LENGTH.</summary>
    Ok,

    /// <summary>The server's queue was full (RESOURCE_EXHAUSTED).</summary>
    Rejected,

    /// <summary>Any other status, or a final message with finish reason ERROR, DEADLINE or CANCELLED.</summary>
    Failed,
}
