using Appliance.Core.Grounding;

namespace Appliance.Core.Errors;

/// <summary>
/// A task whose grounding policy is <c>reject</c> produced an answer with facts its inputs do not
/// back (gRPC <c>FailedPrecondition</c>). The message counts the items; <see cref="Items"/> gives
/// each one's kind, JSON pointer and reason for the status details. Neither holds the answer's or
/// the item's text.
/// </summary>
public sealed class UngroundedOutputException : ApplianceException
{
    /// <summary>Creates the error for the ungrounded items of <paramref name="taskId"/>'s answer.</summary>
    public UngroundedOutputException(string taskId, IReadOnlyList<GroundingItem> ungrounded)
        : base(ErrorReasons.UngroundedOutput, $"task '{taskId}': the answer holds {ungrounded.Count} item(s) the inputs do not back and its grounding policy is reject; the answer is not returned (see the status details for each item's kind and location)")
    {
        ArgumentNullException.ThrowIfNull(ungrounded);
        Items = ungrounded.Select(i => new UngroundedItem(i.Kind, i.Location.Name, i.Reason ?? "not found in the inputs")).ToList();
    }

    /// <summary>Each ungrounded item: kind, where in the answer (JSON pointer), why. No text.</summary>
    public IReadOnlyList<UngroundedItem> Items { get; }
}
