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
internal sealed class LlamaChatTemplate
{
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

    public string Render(IReadOnlyList<ChatMessage> messages)
    {
        if (_template is null)
        {
            throw new InvalidRequestException(
                "messages", "this model has no chat template (none in the GGUF file or the manifest): send a raw prompt instead");
        }

        var template = new LLamaTemplate(_template) { AddAssistant = true };
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
}
