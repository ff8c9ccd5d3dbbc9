namespace Appliance.Server.Tasks;

/// <summary>How a run's grounding policy ended (the metric label spells it in snake case).</summary>
internal enum TaskPolicyOutcome
{
    /// <summary>Every item grounded.</summary>
    Grounded,

    /// <summary>Ungrounded items, returned with the report (policy annotate).</summary>
    Annotated,

    /// <summary>Attempt 1 ungrounded, attempt 2 grounded (policy retry).</summary>
    RetriedGrounded,

    /// <summary>Both attempts ungrounded; the second returned with its report (policy retry).</summary>
    RetriedAnnotated,

    /// <summary>Ungrounded items refused (policy reject).</summary>
    Rejected,
}
