namespace Appliance.Core.Errors;

/// <summary>No task variant or family with this name is on the appliance, or the caller may not run it (gRPC <c>NotFound</c>).</summary>
public sealed class TaskNotFoundException : ApplianceException
{
    /// <summary>Creates the error for <paramref name="task"/>, echoed only when it has the id shape.</summary>
    public TaskNotFoundException(string task)
        : base(ErrorReasons.TaskNotFound, $"task: no task {(Identifiers.IsId(task) ? $"'{task}'" : "with that name (not a valid task id)")} that this caller may run is on this appliance (see ListTasks)")
    {
    }
}
