namespace Appliance.Scheduling;

/// <summary>Where a reasoning model's output stands (<see cref="ReasoningSplitter"/>).</summary>
internal enum ReasoningPhase
{
    /// <summary>Only whitespace or the beginning of the start marker so far: held back until it is decided.</summary>
    Undecided,

    /// <summary>Inside the reasoning: text goes to reasoning pieces (or nowhere) until the end marker.</summary>
    Reasoning,

    /// <summary>The answer: text goes to the caller (through the stop strings); a later grammar applies from here.</summary>
    Answer,
}
