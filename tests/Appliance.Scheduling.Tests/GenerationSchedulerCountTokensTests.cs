using Appliance.Core.Models;

namespace Appliance.Scheduling.Tests;

/// <summary>GenerationScheduler.CountTokens: admission's count, without admitting.</summary>
public sealed class GenerationSchedulerCountTokensTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(62)]
    public async Task CountTokens_FittingPrompt_SubmitsPromptTokensAndQueuesNothing(int length)
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), start: false);
        var request = Harness.Request(new string('a', length));

        var count = h.Scheduler.CountTokens(request, CancellationToken.None);
        var waitingAfterCount = h.Worker.WaitingCount;
        var stream = h.Scheduler.Submit(request, CancellationToken.None);

        Assert.Equal(0, waitingAfterCount);
        Assert.Equal(stream.PromptTokens, count.Tokens);
        Assert.True(count.Fits);
        Assert.Equal(64 - count.Tokens, count.MaxOutputTokens);
    }

    [Fact]
    public async Task CountTokens_PromptFillingTheContext_ReportedNotRefused_SubmitRefusesIt()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), start: false);
        var request = Harness.Request(new string('a', 63));

        var count = h.Scheduler.CountTokens(request, CancellationToken.None);
        var error = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(request, CancellationToken.None));

        Assert.Equal((64, 64, false, 0), (count.Tokens, count.ContextLength, count.Fits, count.MaxOutputTokens));
        Assert.Equal("prompt", error.Field);
        Assert.Contains($"is {count.Tokens} tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountTokens_InvalidMessage_ThrowsNamingTheFieldAsSubmitDoes()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), start: false);
        var request = Harness.Request() with { Prompt = null, Messages = [new ChatMessage("doctor", "hi")] };

        var count = Assert.Throws<InvalidRequestException>(() => h.Scheduler.CountTokens(request, CancellationToken.None));
        var submit = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(request, CancellationToken.None));

        Assert.Equal(submit.Message, count.Message);
        Assert.Equal("messages.items[0].role", count.Field);
    }
}
