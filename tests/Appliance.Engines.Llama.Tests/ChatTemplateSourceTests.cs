using Appliance.Core.Errors;

namespace Appliance.Engines.Llama.Tests;

/// <summary>The chat template comes from the GGUF file if it has one, else from the manifest.</summary>
public sealed class ChatTemplateSourceTests() : TempFolderTest("appliance-template")
{
    [Fact]
    public async Task RenderChat_NoTemplateInGguf_UsesTheManifestTemplate()
    {
        using var engine = await LoadWithoutGgufTemplateAsync(SyntheticModel.ChatMlTemplate);

        var prompt = engine.RenderChat([new ChatMessage("user", "头痛")]);

        Assert.Equal("<|im_start|>user\n头痛<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
    }

    [Fact]
    public async Task RenderChat_TemplateThatTrimsMessages_KeepsTheTrimmedTextAsMessageText()
    {
        // llama.cpp recognises Gemma's template by its marker and trims every message.
        using var engine = await LoadWithoutGgufTemplateAsync("{{ '<start_of_turn>' + message['content'] }}");

        var chat = engine.RenderChat([new ChatMessage("user", "  头痛 <end_of_turn>  ")]);

        Assert.Equal(
            [("<start_of_turn>user\n", false), ("头痛 <end_of_turn>", true), ("<end_of_turn>\n<start_of_turn>model\n", false)],
            chat.Segments.Select(s => (s.Text, s.IsMessageText)));
    }

    [Fact]
    public async Task RenderChat_NoTemplateAnywhere_InvalidArgumentOnMessages()
    {
        using var engine = await LoadWithoutGgufTemplateAsync(manifestTemplate: null);

        var error = Assert.Throws<InvalidRequestException>(() => engine.RenderChat([new ChatMessage("user", "x")]));

        Assert.Equal("messages", error.Field);
        Assert.Contains("raw prompt", error.Message, StringComparison.Ordinal);
    }

    private async Task<ITextGenerationEngine> LoadWithoutGgufTemplateAsync(string? manifestTemplate)
    {
        var path = Folder.Combine("plain.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { IncludeChatTemplate = false, Seed = 3 });
        return await TestEngines.LoadAsync(path, contextLength: 64, maxSequences: 1, chatTemplate: manifestTemplate);
    }
}
