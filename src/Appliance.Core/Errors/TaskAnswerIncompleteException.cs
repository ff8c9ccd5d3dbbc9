namespace Appliance.Core.Errors;

/// <summary>
/// A task's answer ended before its JSON did (max_tokens, the context) or failed the output schema,
/// so there is no answer to return (gRPC <c>Internal</c>, reason INTERNAL). The message names the task
/// and what IT can change, never the partial text.
/// </summary>
public sealed class TaskAnswerIncompleteException : ApplianceException
{
    /// <summary>Creates the error for <paramref name="taskId"/>; <paramref name="why"/> names limits only.</summary>
    public TaskAnswerIncompleteException(string taskId, string why)
        : base(ErrorReasons.Internal, $"task '{taskId}': {why}; the partial answer is not returned")
    {
    }
}
