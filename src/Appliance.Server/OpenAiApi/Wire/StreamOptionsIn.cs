namespace Appliance.Server.OpenAiApi.Wire;

/// <summary><c>stream_options</c>.</summary>
internal sealed class StreamOptionsIn
{
    public bool? IncludeUsage { get; set; }
}
