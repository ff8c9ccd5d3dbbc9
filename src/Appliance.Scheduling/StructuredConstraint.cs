using System.Text;
using Appliance.Core.Generation;
using Appliance.Core.Structured;

namespace Appliance.Scheduling;

/// <summary>
/// A sequence's response format: the grammar its engine slot enforces, the answer as it streams
/// out (kept only for the check at the end; caller content, never logged), and the verdict.
/// Worker thread only, like the sequence that owns it.
/// </summary>
internal sealed class StructuredConstraint(ResponseFormat format, ConstraintGrammar grammar, IStructuredGrammars checker, ConstraintGrammar? gate = null)
{
    /// <summary>The rule name of <see cref="Gate"/>'s start rule (not a name the converter or a choice uses).</summary>
    internal const string GateRule = "appliance-reasoning-gate";
    private readonly StringBuilder _answer = new();

    public ResponseFormat Format { get; } = format;

    public ConstraintGrammar Grammar { get; } = grammar;

    /// <summary>
    /// For a reasoning model: the grammar while it is undecided whether the output reasons — its
    /// start marker, or straight away an answer in <see cref="Grammar"/>. Null for other models.
    /// </summary>
    public ConstraintGrammar? Gate { get; } = gate;

    /// <summary>
    /// <paramref name="grammar"/> with a start rule that also allows a reasoning model's start marker
    /// first: <c>gate ::= "&lt;think&gt;" | root</c>.
    /// </summary>
    public static ConstraintGrammar GateFor(ConstraintGrammar grammar, string startMarker) => new(
        $"{grammar.Text.TrimEnd('\n')}\n{GateRule} ::= {GbnfGrammar.Literal(startMarker)} | {grammar.RootRule}\n", GateRule);

    /// <summary>Text sent to the caller (stop strings are refused with a response format, so none is held back).</summary>
    public void Append(string text) => _answer.Append(text);

    /// <summary>
    /// The verdict on the answer: only an end-of-generation token sampled under the grammar (which
    /// allows it only where the grammar may end) completes it; then the mode's own check decides.
    /// Any other end (max_tokens, the context, cancel, deadline, error) leaves a prefix: incomplete,
    /// as does a reasoning model that ended before its answer began (<paramref name="answered"/> false).
    /// </summary>
    public StructuredResult Verdict(FinishReason reason, bool endedByEndOfGeneration, bool answered = true) =>
        answered && reason == FinishReason.Stop && endedByEndOfGeneration
            ? checker.IsValid(Format, _answer.ToString()) ? StructuredResult.Valid : StructuredResult.Invalid
            : StructuredResult.Incomplete;
}
