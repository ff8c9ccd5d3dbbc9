namespace Appliance.Tasks.Templates;

/// <summary>What a run does with an answer that holds ungrounded items.</summary>
public enum GroundingPolicy
{
    /// <summary>Return it with the grounding report.</summary>
    Annotate,

    /// <summary>Refuse it (FAILED_PRECONDITION listing the items, no text).</summary>
    Reject,

    /// <summary>Generate once more; return the second answer with its report.</summary>
    Retry,
}
