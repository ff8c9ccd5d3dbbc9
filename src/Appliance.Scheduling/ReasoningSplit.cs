namespace Appliance.Scheduling;

/// <summary>What one piece of generated text contributed to the reasoning and to the answer.</summary>
/// <param name="Reasoning">Reasoning text now safe to emit (markers removed).</param>
/// <param name="Answer">Answer text now safe to pass on (markers removed).</param>
/// <param name="TouchedReasoning">The text was (partly) reasoning or a marker: its token is a reasoning token.</param>
internal readonly record struct ReasoningSplit(string Reasoning, string Answer, bool TouchedReasoning)
{
    public static ReasoningSplit None => new(string.Empty, string.Empty, false);
}
