using Appliance.Server.OpenAiApi.Wire;
using Appliance.Server.Security;
using Microsoft.Extensions.Options;

namespace Appliance.Server.OpenAiApi;

/// <summary><c>POST /v1/chat/completions</c> and <c>POST /v1/completions</c>: read the body, then run the call through the door.</summary>
internal sealed class GenerationEndpoints(OpenAiDoor door, OpenAiGenerations generations, IOptions<OpenAiOptions> options)
{
    public async Task ChatAsync(HttpContext http)
    {
        var body = await OpenAiBody.ReadAsync(http, OpenAiJson.Default.ChatCompletionRequest, options.Value.MaxRequestBodyBytes);
        await door.RunAsync(http, ApplianceMethods.OpenAiChatCompletions, body, body.Value?.Model, scheduled: true, (call, token) =>
            generations.RunAsync(http, call, OpenAiGenerationMapper.Chat(body.Value!, call), OpenAiGenerations.StreamOptions.Of(body.Value!), ChatShape.Instance, token));
    }

    public async Task CompletionAsync(HttpContext http)
    {
        var body = await OpenAiBody.ReadAsync(http, OpenAiJson.Default.CompletionRequest, options.Value.MaxRequestBodyBytes);
        await door.RunAsync(http, ApplianceMethods.OpenAiCompletions, body, body.Value?.Model, scheduled: true, (call, token) =>
            generations.RunAsync(http, call, OpenAiGenerationMapper.Completion(body.Value!, call), OpenAiGenerations.StreamOptions.Of(body.Value!), TextShape.Instance, token));
    }
}
