using Appliance.Contracts.V1;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;
using ChatMessage = Appliance.Contracts.V1.ChatMessage;

namespace Appliance.Server.Tests.Security;

/// <summary>The paths that carry patient text without generating: CountTokens (prompt, chat turns, refusals) and model ids sent to GetModel.</summary>
public sealed partial class PhiCanaryTests
{
    [Fact]
    public async Task Marker_ThroughCountTokensAndGetModel_AppearsInNoLogAuditMetricOrStatus()
    {
        var generation = new Generation.GenerationClient(_server.Channel);
        var models = new Contracts.V1.Models.ModelsClient(_server.Channel);

        var prompt = await generation.CountTokensAsync(new CountTokensRequest { ModelId = ModelId, Prompt = _marker }, Key(_key), deadline: Deadline());
        Collect(prompt.ToString());
        var chat = new CountTokensRequest { ModelId = ModelId, Messages = new ChatMessages { Items = { new ChatMessage { Role = "user", Content = _marker } } } };
        Collect((await generation.CountTokensAsync(chat, Key(_key), deadline: Deadline())).ToString());
        var tooLong = new CountTokensRequest { ModelId = ModelId, Prompt = string.Concat(Enumerable.Repeat(_marker + " ", 40)) };
        var overflow = await generation.CountTokensAsync(tooLong, Key(_key), deadline: Deadline());
        Collect(overflow.ToString());

        var badRole = new CountTokensRequest { ModelId = ModelId, Messages = new ChatMessages { Items = { new ChatMessage { Role = _marker, Content = _marker } } } };
        await ExpectAsync(StatusCode.InvalidArgument, () => generation.CountTokensAsync(badRole, Key(_key), deadline: Deadline()).ResponseAsync);
        await ExpectAsync(StatusCode.NotFound, () => generation.CountTokensAsync(new CountTokensRequest { ModelId = _marker, Prompt = _marker }, Key(_key), deadline: Deadline()).ResponseAsync);
        await ExpectAsync(StatusCode.PermissionDenied, () => generation.CountTokensAsync(new CountTokensRequest { ModelId = _marker, Prompt = _marker }, Key(_narrowKey), deadline: Deadline()).ResponseAsync);
        await ExpectAsync(StatusCode.NotFound, () => models.GetModelAsync(new GetModelRequest { ModelId = _marker }, Key(_key), deadline: Deadline()).ResponseAsync);

        await Bounded.UntilAsync(
            async _ => (await AuditRecords.ReadAsync(AuditDirectory)).Count(r => r.Event == "end") >= 7,
            "the end records of the 7 calls");
        await AssertMarkerNowhereAsync();
        Assert.True(prompt.PromptTokens > 10 && prompt.Fits, $"the marker was counted: {prompt}");
        Assert.False(overflow.Fits, $"forty markers overflow the 512-token context: {overflow}");
    }
}
