using System.Text;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// A sequence's response format: the grammar its engine slot enforces, the answer as it streams
/// out (kept only for the check at the end; caller content, never logged), and the verdict.
/// Worker thread only, like the sequence that owns it.
/// </summary>
internal sealed class StructuredConstraint(ResponseFormat format, ConstraintGrammar grammar, IStructuredGrammars checker)
{
    private readonly StringBuilder _answer = new();

    public ResponseFormat Format { get; } = format;

    public ConstraintGrammar Grammar { get; } = grammar;

    /// <summary>Text sent to the caller (stop strings are refused with a response format, so none is held back).</summary>
    public void Append(string text) => _answer.Append(text);

    /// <summary>
    /// The verdict on the answer: only an end-of-generation token sampled under the grammar (which
    /// allows it only where the grammar may end) completes it; then the mode's own check decides.
    /// Any other end (max_tokens, the context, cancel, deadline, error) leaves a prefix: incomplete.
    /// </summary>
    public StructuredResult Verdict(FinishReason reason, bool endedByEndOfGeneration) =>
        reason == FinishReason.Stop && endedByEndOfGeneration
            ? checker.IsValid(Format, _answer.ToString()) ? StructuredResult.Valid : StructuredResult.Invalid
            : StructuredResult.Incomplete;
}
