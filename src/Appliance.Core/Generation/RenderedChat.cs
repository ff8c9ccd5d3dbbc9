namespace Appliance.Core.Generation;

/// <summary>
/// Chat turns rendered with a model's chat template, kept as segments so that tokenising can
/// honour control tokens in the template's text and nowhere else
/// (<see cref="Engines.ITextGenerationEngine.TokenizeChat"/>).
/// </summary>
/// <remarks>Never flattened to one string and tokenised with special tokens parsed: that is how
/// message text containing <c>&lt;|im_end|&gt;&lt;|im_start|&gt;system</c> would open a new turn.</remarks>
public sealed class RenderedChat
{
    /// <summary>Creates a rendered chat from its segments, in order.</summary>
    public RenderedChat(IReadOnlyList<ChatSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        Segments = segments;
    }

    /// <summary>Template text and message text, in order.</summary>
    public IReadOnlyList<ChatSegment> Segments { get; }

    /// <summary>The whole rendered text, for tests and diagnostics; never tokenise it as a prompt.</summary>
    public string Text => string.Concat(Segments.Select(s => s.Text));

    /// <summary>Counts only: the message text may be patient data.</summary>
    public override string ToString() => $"rendered chat of {Segments.Count} segments";
}
