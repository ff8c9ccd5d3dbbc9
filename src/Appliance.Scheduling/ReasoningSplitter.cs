using Appliance.Core.Models;

namespace Appliance.Scheduling;

/// <summary>
/// Splits a reasoning model's streamed text into reasoning and answer. The reasoning is the text
/// between the start and end markers at the start of the output (leading whitespace allowed), or
/// from the start of the output when the prompt already opened it. Markers may span tokens: text
/// that could be the start of a marker is held back until the next piece decides it (the idea of
/// <see cref="StopSequenceMatcher"/>), so a marker never reaches the caller, half or whole.
/// Whitespace right after the end marker is dropped: an HIS field gets the answer as written.
/// Single-threaded (the worker's).
/// </summary>
internal sealed class ReasoningSplitter
{
    private readonly ReasoningMarkers? _markers;
    private string _pending = string.Empty;
    private bool _trimAnswerStart;

    /// <param name="markers">The model's markers; null for a model without reasoning (all text is answer).</param>
    /// <param name="openedByPrompt">The prompt ends with the start marker: the output begins inside the reasoning.</param>
    public ReasoningSplitter(ReasoningMarkers? markers, bool openedByPrompt)
    {
        _markers = markers;
        Phase = markers is null ? ReasoningPhase.Answer : openedByPrompt ? ReasoningPhase.Reasoning : ReasoningPhase.Undecided;
    }

    /// <summary>The phase after the latest text.</summary>
    public ReasoningPhase Phase { get; private set; }

    /// <summary>True when <paramref name="promptText"/> (the raw prompt or the rendered chat) ends with the start marker.</summary>
    public static bool OpenedBy(ReasoningMarkers? markers, string promptText) =>
        markers is not null && promptText.AsSpan().TrimEnd().EndsWith(markers.Start, StringComparison.Ordinal);

    /// <summary>Adds generated text; returns what is now safe to emit on each side.</summary>
    public ReasoningSplit Append(string text)
    {
        if (Phase == ReasoningPhase.Answer)
        {
            return new(string.Empty, TrimAnswerStart(text), false);
        }

        _pending += text;
        if (Phase == ReasoningPhase.Undecided)
        {
            var start = _markers!.Start;
            var trimmed = _pending.TrimStart();
            if (trimmed.StartsWith(start, StringComparison.Ordinal))
            {
                Phase = ReasoningPhase.Reasoning;
                _pending = trimmed[start.Length..];
            }
            else if (start.StartsWith(trimmed, StringComparison.Ordinal))
            {
                return ReasoningSplit.None;
            }
            else
            {
                Phase = ReasoningPhase.Answer;
                var answer = _pending;
                _pending = string.Empty;
                return new(string.Empty, answer, false);
            }
        }

        return SplitReasoning();
    }

    /// <summary>
    /// Ends the reasoning without its end marker (the budget ran out and the worker fed the marker
    /// itself); returns the held-back reasoning text, which was not a marker after all.
    /// </summary>
    public string ForceEnd()
    {
        var rest = Phase == ReasoningPhase.Reasoning ? _pending : string.Empty;
        _pending = string.Empty;
        Phase = ReasoningPhase.Answer;
        _trimAnswerStart = true;
        return rest;
    }

    /// <summary>Returns held-back text at the end of generation: unterminated reasoning stays reasoning; an undecided start is answer.</summary>
    public ReasoningSplit Flush()
    {
        var rest = _pending;
        _pending = string.Empty;
        return Phase == ReasoningPhase.Reasoning
            ? new(rest, string.Empty, rest.Length > 0)
            : new(string.Empty, TrimAnswerStart(rest), false);
    }

    private ReasoningSplit SplitReasoning()
    {
        var end = _markers!.End;
        var at = _pending.IndexOf(end, StringComparison.Ordinal);
        if (at >= 0)
        {
            var reasoning = _pending[..at];
            var answer = _pending[(at + end.Length)..];
            _pending = string.Empty;
            Phase = ReasoningPhase.Answer;
            _trimAnswerStart = true;
            return new(reasoning, TrimAnswerStart(answer), true);
        }

        var hold = PartialSuffix(_pending, end);
        var emit = _pending[..(_pending.Length - hold)];
        _pending = _pending[(_pending.Length - hold)..];
        return new(emit, string.Empty, true);
    }

    private string TrimAnswerStart(string text)
    {
        if (!_trimAnswerStart)
        {
            return text;
        }

        var trimmed = text.TrimStart();
        _trimAnswerStart = trimmed.Length == 0;
        return trimmed;
    }

    /// <summary>Length of the longest suffix of <paramref name="text"/> that begins <paramref name="marker"/>.</summary>
    private static int PartialSuffix(string text, string marker)
    {
        for (var len = Math.Min(marker.Length - 1, text.Length); len > 0; len--)
        {
            if (text.AsSpan(text.Length - len).SequenceEqual(marker.AsSpan(0, len)))
            {
                return len;
            }
        }

        return 0;
    }
}
