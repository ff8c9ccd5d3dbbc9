namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>A completion (<c>object: text_completion</c>), whole or one streamed chunk of it.</summary>
internal sealed record TextCompletion(string Id, long Created, string Model, IReadOnlyList<TextChoice> Choices)
{
    public string Object { get; init; } = "text_completion";

    /// <summary>Set on a whole response, and on the last chunk with <c>stream_options.include_usage</c>.</summary>
    public Usage? Usage { get; init; }
}
