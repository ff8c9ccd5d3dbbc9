using System.Globalization;
using System.Text;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using LLama;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// Renders chat turns with the model's template: the one embedded in the GGUF file
/// (<c>tokenizer.chat_template</c>) if any, else the manifest's. llama.cpp recognises the
/// common template families (ChatML, Llama 2/3, Mistral, Gemma, Qwen...) by their text.
/// Thread-safe: each call builds its own <see cref="LLamaTemplate"/>.
/// </summary>
/// <remarks>
/// The rendering keeps the template's text apart from the messages' text (see
/// <see cref="RenderedChat"/>): the template is applied once with a placeholder for each
/// message's content, which gives the template's own text, and once with the contents, which
/// must equal the first with each placeholder replaced by its content (or, for templates that
/// trim, the trimmed content). A template that changes message text any other way cannot be
/// split safely and is refused rather than guessed at.
/// </remarks>
internal sealed class LlamaChatTemplate
{
    // Private-use characters: no template writes them, and they are not whitespace, so a
    // template that trims content leaves them intact.
    private const char PlaceholderOpen = '\uF8F0';
    private const char PlaceholderClose = '\uF8F1';

    private readonly string? _template;

    private LlamaChatTemplate(string? template, string source)
    {
        _template = template;
        Source = source;
    }

    /// <summary>Where the template came from: "gguf", "manifest" or "none".</summary>
    public string Source { get; }

    public static LlamaChatTemplate For(SafeLlamaModelHandle model, string? manifestTemplate)
    {
        var embedded = model.GetTemplate(null, strict: false);
        if (!string.IsNullOrEmpty(embedded))
        {
            return new LlamaChatTemplate(embedded, "gguf");
        }

        return string.IsNullOrWhiteSpace(manifestTemplate)
            ? new LlamaChatTemplate(null, "none")
            : new LlamaChatTemplate(manifestTemplate, "manifest");
    }

    /// <summary>
    /// Whether chat requests can be served: renders a probe conversation (every role, padded
    /// with spaces for templates that trim). False when there is no template or it cannot be split.
    /// </summary>
    public bool ServesChats()
    {
        try
        {
            Render([new ChatMessage("system", " s "), new ChatMessage("user", " u "), new ChatMessage("assistant", " a "), new ChatMessage("user", "u")]);
            return true;
        }
        catch (InvalidRequestException)
        {
            return false;
        }
    }

    public RenderedChat Render(IReadOnlyList<ChatMessage> messages)
    {
        if (_template is null)
        {
            throw new InvalidRequestException(
                "messages", "this model has no chat template (none in the GGUF file or the manifest): send a raw prompt instead");
        }

        var skeleton = Apply(messages.Select((m, i) => m with { Content = Placeholder(i) }));
        var rendered = Apply(messages);
        var parts = Split(skeleton, messages.Count);
        return (parts is null ? null : Align(parts, messages, rendered))
            ?? throw new InvalidRequestException(
                "messages", $"the model's chat template ({Source}) changes message text in a way that cannot be kept apart from the template's control tokens: send a raw prompt or set a ChatML chat_template in the manifest");
    }

    private string Apply(IEnumerable<ChatMessage> messages)
    {
        var template = new LLamaTemplate(_template!) { AddAssistant = true };
        foreach (var message in messages)
        {
            template.Add(message.Role, message.Content);
        }

        try
        {
            return Encoding.UTF8.GetString(template.Apply());
        }
        catch (LLama.Exceptions.RuntimeError)
        {
            throw new InvalidRequestException(
                "messages", $"the model's chat template ({Source}) is not one llama.cpp can apply: send a raw prompt or set a supported chat_template in the manifest");
        }
    }

    private static string Placeholder(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{PlaceholderOpen}{index}{PlaceholderClose}");

    /// <summary>The skeleton as template text (a string) and message slots (the message's index); null if it is not one.</summary>
    private static List<(string? Text, int Message)>? Split(string skeleton, int messageCount)
    {
        var parts = new List<(string?, int)>();
        var at = 0;
        while (at < skeleton.Length)
        {
            var open = skeleton.IndexOf(PlaceholderOpen, at);
            var close = open < 0 ? -1 : skeleton.IndexOf(PlaceholderClose, open);
            if (close < 0)
            {
                parts.Add((skeleton[at..], -1));
                break;
            }

            if (open > at)
            {
                parts.Add((skeleton[at..open], -1));
            }

            if (!int.TryParse(skeleton.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var message)
                || message >= messageCount)
            {
                return null;
            }

            parts.Add((null, message));
            at = close + 1;
        }

        return parts;
    }

    /// <summary>
    /// Walks the real rendering along the skeleton: template text must match exactly, each message
    /// slot must hold the content as sent or trimmed (and be followed by the next template text).
    /// Null when the rendering is anything else.
    /// </summary>
    private static RenderedChat? Align(List<(string? Text, int Message)> parts, IReadOnlyList<ChatMessage> messages, string rendered)
    {
        var segments = new List<ChatSegment>(parts.Count);
        var at = 0;
        for (var p = 0; p < parts.Count; p++)
        {
            var (text, message) = parts[p];
            if (text is not null)
            {
                if (!rendered.AsSpan(at).StartsWith(text, StringComparison.Ordinal))
                {
                    return null;
                }

                segments.Add(new ChatSegment(text, IsMessageText: false));
                at += text.Length;
                continue;
            }

            var next = p + 1 < parts.Count ? parts[p + 1].Text : null;
            var content = Fits(rendered, at, messages[message].Content, next) ?? Fits(rendered, at, TrimAscii(messages[message].Content), next);
            if (content is null)
            {
                return null;
            }

            if (content.Length > 0)
            {
                segments.Add(new ChatSegment(content, IsMessageText: true));
            }

            at += content.Length;
        }

        return at == rendered.Length ? new RenderedChat(segments) : null;
    }

    private static string? Fits(string rendered, int at, string content, string? next) =>
        rendered.AsSpan(at).StartsWith(content, StringComparison.Ordinal)
        && (next is null || rendered.AsSpan(at + content.Length).StartsWith(next, StringComparison.Ordinal))
            ? content
            : null;

    /// <summary>llama.cpp's <c>trim</c> in its chat templates: C <c>isspace</c> at both ends.</summary>
    private static string TrimAscii(string text) => text.Trim(' ', '\t', '\n', '\v', '\f', '\r');
}
