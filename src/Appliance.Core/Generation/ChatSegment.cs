namespace Appliance.Core.Generation;

/// <summary>
/// One piece of a rendered chat: either the chat template's own text, in which the model's
/// control tokens (<c>&lt;|im_start|&gt;</c> and the like) are live, or the text of a message,
/// which is tokenised as plain text so that a caller cannot write a control token.
/// </summary>
/// <param name="Text">The text (patient data when <paramref name="IsMessageText"/>: never logged).</param>
/// <param name="IsMessageText">True for a message's content, false for the template's own text.</param>
public sealed record ChatSegment(string Text, bool IsMessageText)
{
    /// <summary>The template's own text, or only the length of a message's (it may be patient data).</summary>
    public override string ToString() => IsMessageText ? $"message text of {Text.Length} characters" : Text;
}
