using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>Microsoft.Extensions.AI's <see cref="IChatClient"/> over the OpenAI SDK, a second real client of the door.</summary>
[Collection(OpenAiServerCollection.Name)]
public sealed class ExtensionsAiTests(OpenAiServerFixture fixture)
{
    private IChatClient Client() =>
        new OpenAIClient(new ApiKeyCredential(fixture.App.Key), new OpenAIClientOptions { Endpoint = fixture.OpenAiAddress, NetworkTimeout = Bounded.CallTimeout })
            .GetChatClient(ApplianceServerFixture.ModelId).AsIChatClient();

    [Fact]
    public async Task GetResponse_ReturnsTextAndUsage()
    {
        using var client = Client();

        var response = await client.GetResponseAsync("Summarise: stable, afebrile.", new ChatOptions { MaxOutputTokens = 6, Temperature = 0 });

        Assert.False(string.IsNullOrEmpty(response.Text));
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(6, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponse_StreamsTheSameText()
    {
        using var client = Client();
        var options = new ChatOptions { MaxOutputTokens = 6, Temperature = 0 };
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in client.GetStreamingResponseAsync("Summarise: stable, afebrile.", options))
        {
            updates.Add(update);
        }

        var whole = await client.GetResponseAsync("Summarise: stable, afebrile.", options);
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1);
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
    }
}
