using Appliance.Core.Grounding;

namespace Appliance.Core.Errors;

/// <summary>One ungrounded item as a refusal describes it, without its text.</summary>
/// <param name="Kind">What kind of fact.</param>
/// <param name="Location">The JSON pointer of the answer's string that holds it.</param>
/// <param name="Reason">Why it is not grounded, in words without patient text.</param>
public sealed record UngroundedItem(GroundingItemKind Kind, string Location, string Reason);
