using System.Text.Json;

namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>The fields chat completions and completions share.</summary>
internal abstract class GenerationFields
{
    public string? Model { get; set; }

    public int? MaxTokens { get; set; }

    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public long? Seed { get; set; }

    public JsonElement? Stop { get; set; }

    public bool? Stream { get; set; }

    public StreamOptionsIn? StreamOptions { get; set; }

    public int? N { get; set; }

    public float? PresencePenalty { get; set; }

    public float? FrequencyPenalty { get; set; }

    public JsonElement? LogitBias { get; set; }
}
