namespace Appliance.Core.Generation;

/// <summary>One item of a generation stream: text pieces, then exactly one <see cref="GenerationCompleted"/>.</summary>
public abstract record GenerationEvent;

/// <summary>
/// Answer text produced since the previous piece (may span several tokens; never splits a UTF-8 character).
/// With <see cref="ReasoningMode.Hidden"/> the first answer piece also accounts for the hidden reasoning tokens.
/// </summary>
/// <param name="Text">The text.</param>
/// <param name="TokenCount">Generated tokens this piece accounts for.</param>
public sealed record GenerationPiece(string Text, int TokenCount) : GenerationEvent;

/// <summary>
/// Reasoning text of a reasoning model, without its markers: sent only to a request with
/// <see cref="ReasoningMode.Separate"/>, never mixed into a <see cref="GenerationPiece"/>. Patient data like the answer.
/// </summary>
/// <param name="Text">The reasoning text.</param>
/// <param name="TokenCount">Generated tokens this piece accounts for.</param>
public sealed record ReasoningPiece(string Text, int TokenCount) : GenerationEvent;

/// <summary>The last event of a stream.</summary>
/// <param name="Reason">Why generation ended.</param>
/// <param name="Usage">Token counts.</param>
/// <param name="Timings">Queue, first-token and total time.</param>
/// <param name="Structured">How a structured answer kept its response format; <see cref="StructuredResult.None"/> without one.</param>
public sealed record GenerationCompleted(FinishReason Reason, TokenUsage Usage, GenerationTimings Timings, StructuredResult Structured = StructuredResult.None) : GenerationEvent;
