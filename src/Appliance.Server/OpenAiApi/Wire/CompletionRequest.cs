using System.Text.Json;

namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>POST /v1/completions</c> (legacy completions: a raw prompt).</summary>
internal sealed class CompletionRequest : GenerationFields
{
    public JsonElement? Prompt { get; set; }

    public bool? Echo { get; set; }

    public string? Suffix { get; set; }

    public int? BestOf { get; set; }

    public int? Logprobs { get; set; }
}
