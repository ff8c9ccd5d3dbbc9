using Appliance.Core.Grounding;
using Appliance.Server.Metrics;
using Appliance.Tasks.Templates;

namespace Appliance.Server.Tasks;

/// <summary>
/// The task counters of <see cref="ApplianceMetrics"/>, labelled by family (<c>task</c>) and variant id
/// (<c>variant</c>): both come from the appliance's own template files, never from the caller.
/// </summary>
internal sealed class TaskMetrics(ApplianceMetrics metrics)
{
    public void Run(TaskTemplate template, TaskPolicyOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(template);
        metrics.TaskRuns.WithLabels(template.Family, template.Id, Label(outcome)).Inc();
    }

    public void SchemaFailure(TaskTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        metrics.TaskSchemaFailures.WithLabels(template.Family, template.Id).Inc();
    }

    public void Items(TaskTemplate template, GroundingReport report)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(report);
        metrics.TaskGroundingItems.WithLabels(template.Family, template.Id, "grounded").Inc(report.GroundedCount);
        metrics.TaskGroundingItems.WithLabels(template.Family, template.Id, "ungrounded").Inc(report.UngroundedCount);
    }

    /// <summary>Creates every series of <paramref name="template"/> at 0 (the scrape-time collector calls it).</summary>
    public static void Touch(ApplianceMetrics metrics, TaskTemplate template)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(template);
        foreach (var outcome in Enum.GetValues<TaskPolicyOutcome>())
        {
            metrics.TaskRuns.WithLabels(template.Family, template.Id, Label(outcome));
        }

        metrics.TaskSchemaFailures.WithLabels(template.Family, template.Id);
        metrics.TaskGroundingItems.WithLabels(template.Family, template.Id, "grounded");
        metrics.TaskGroundingItems.WithLabels(template.Family, template.Id, "ungrounded");
    }

    /// <summary>The metric label of an outcome (<c>retried_grounded</c>).</summary>
    public static string Label(TaskPolicyOutcome outcome) => outcome switch
    {
        TaskPolicyOutcome.Grounded => "grounded",
        TaskPolicyOutcome.Annotated => "annotated",
        TaskPolicyOutcome.RetriedGrounded => "retried_grounded",
        TaskPolicyOutcome.RetriedAnnotated => "retried_annotated",
        _ => "rejected",
    };
}
