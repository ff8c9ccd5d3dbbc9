namespace Appliance.Scheduling.Tests;

/// <summary>
/// Bounds checked before rendering, tokenising or embedding (issue 13, item 4): a prompt longer
/// than the context can hold, too many messages, too much Embed input are refused naming the
/// field and the limit without the engine's tokenizer running; a cancelled call stops between
/// rendering and tokenising, and between texts.
/// </summary>
public sealed class InputBoundsTests
{
    // Context 64 × 2 bytes per token: at most 128 bytes of prompt.
    private static readonly SchedulerOptions Tight = new() { MaxPromptBytesPerToken = 2, MaxMessages = 4, MaxEmbedInputBytes = 10 };

    [Theory]
    [InlineData(129, 'a', "prompt: is 129 bytes; the model's context of 64 tokens holds at most 128 bytes of prompt", 0)]
    [InlineData(43, '张', "prompt: is 129 bytes; the model's context of 64 tokens holds at most 128 bytes of prompt", 0)] // 43 characters, 129 UTF-8 bytes
    [InlineData(128, 'a', "prompt: is 129 tokens;", 1)] // within the byte bound: tokenised, then judged by its tokens
    public async Task Submit_PromptOverTheByteBound_RefusedNamingTheLimitBeforeTokenising(int length, char letter, string expected, int tokenizations)
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), Tight, start: false);

        var error = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(Harness.Request(new string(letter, length)), CancellationToken.None));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(tokenizations, h.Engine.Tokenizations);
    }

    [Fact]
    public async Task Submit_MessagesTogetherLongerThanTheContextCanHold_RefusedBeforeRendering()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), Tight, start: false);
        var request = Harness.Request() with { Prompt = null, Messages = [new ChatMessage("user", new string('a', 61)), new ChatMessage("user", new string('b', 61))] };

        var error = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(request, CancellationToken.None));

        Assert.Equal("messages: are more than 128 bytes together; the model's context of 64 tokens holds at most 128 bytes of prompt", error.Message);
        Assert.Equal((0, 0), (h.Engine.Renders, h.Engine.Tokenizations));
    }

    [Fact]
    public async Task Submit_MoreMessagesThanAllowed_RefusedNamingTheLimitBeforeRendering()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), Tight, start: false);
        var request = Harness.Request() with { Prompt = null, Messages = [.. Enumerable.Repeat(new ChatMessage("user", "a"), 5)] };

        var error = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(request, CancellationToken.None));

        Assert.Equal("messages.items: at most 4 messages per call (got 5)", error.Message);
        Assert.Equal(0, h.Engine.Renders);
    }

    [Fact]
    public async Task Submit_CancelledWhileRendering_StopsBeforeTokenising()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), start: false);
        using var call = new CancellationTokenSource();
        h.Engine.Rendering = call.Cancel;
        var request = Harness.Request() with { Prompt = null, Messages = [new ChatMessage("user", "hi")] };

        Assert.Throws<OperationCanceledException>(() => h.Scheduler.Submit(request, call.Token));

        Assert.Equal((1, 0), (h.Engine.Renders, h.Engine.Tokenizations));
        Assert.Equal(0, h.Worker.WaitingCount);
    }

    [Fact]
    public async Task EmbedAsync_TextsTogetherOverTheLimit_RefusedNamingTheLimitBeforeTokenising()
    {
        await using var h = new BatchHarness(options: Tight);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("abcdef", "ghijk") with { Truncate = true }, CancellationToken.None).Within());

        Assert.Equal("texts: are more than 10 bytes together; at most 10 bytes per call: split the call", error.Message);
        Assert.Equal(0, h.EmbeddingEngine.Tokenizations);
        Assert.Contains("rejected Invalid", h.Observer.Events);
    }

    [Fact]
    public async Task EmbedAsync_UntruncatedTextLongerThanTheModelCanTake_RefusedBeforeTokenising()
    {
        // 4 tokens × 2 bytes: an untruncated text over 8 bytes cannot fit.
        await using var h = new BatchHarness(options: new SchedulerOptions { MaxPromptBytesPerToken = 2 }, maxInputTokens: 4);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(
            () => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("ok", "nine byte") with { Truncate = false }, CancellationToken.None).Within());

        Assert.Equal("texts[1]: is 9 bytes; the model takes at most 4 tokens, at most 8 bytes (set truncate to cut it)", error.Message);
        Assert.Equal(0, h.EmbeddingEngine.Tokenizations);
    }

    [Fact]
    public async Task EmbedAsync_CancelledWhileTokenising_StopsBetweenTextsAndQueuesNothing()
    {
        await using var h = new BatchHarness();
        using var call = new CancellationTokenSource();
        h.EmbeddingEngine.Tokenized = call.Cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => h.EmbeddingScheduler.EmbedAsync(BatchHarness.Embed("a", "b", "c"), call.Token).Within());

        Assert.Equal(1, h.EmbeddingEngine.Tokenizations);
        Assert.Equal(0, h.Embeddings.WaitingCount);
    }
}
