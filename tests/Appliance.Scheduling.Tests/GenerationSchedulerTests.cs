using Appliance.Core.Models;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Scheduling.Tests;

public sealed class GenerationSchedulerTests
{
    public static TheoryData<string, Func<GenerationRequest, GenerationRequest>> InvalidRequests() => new()
    {
        { "model_id", r => r with { ModelId = "" } },
        { "prompt", r => r with { Prompt = "" } },
        { "prompt", r => r with { Prompt = null } },
        { "messages.items[0].role", r => r with { Prompt = null, Messages = [new ChatMessage("doctor", "hi")] } },
        { "messages.items[1].content", r => r with { Prompt = null, Messages = [new ChatMessage("system", "s"), new ChatMessage("user", "")] } },
        { "sampling.temperature", r => r with { Sampling = r.Sampling with { Temperature = -0.1f } } },
        { "sampling.temperature", r => r with { Sampling = r.Sampling with { Temperature = float.NaN } } },
        { "sampling.top_p", r => r with { Sampling = r.Sampling with { TopP = 0 } } },
        { "sampling.top_k", r => r with { Sampling = r.Sampling with { TopK = -1 } } },
        { "sampling.min_p", r => r with { Sampling = r.Sampling with { MinP = 1 } } },
        { "sampling.repeat_penalty", r => r with { Sampling = r.Sampling with { RepeatPenalty = 0 } } },
        { "sampling.max_tokens", r => r with { Sampling = r.Sampling with { MaxTokens = 0 } } },
        { "sampling.max_tokens", r => r with { Sampling = r.Sampling with { MaxTokens = 65 } } },
        { "sampling.stop", r => r with { Sampling = r.Sampling with { Stop = [.. Enumerable.Repeat("x", 9)] } } },
        { "sampling.stop[0]", r => r with { Sampling = r.Sampling with { Stop = [""] } } },
        { "client_request_id", r => r with { ClientRequestId = new string('c', 129) } },
        { "prompt", r => r with { Prompt = new string('a', 63) } },
        { "messages", r => r with { Prompt = null, Messages = [new ChatMessage("user", new string('a', 70))] } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Submit_InvalidField_ThrowsNamingTheFieldAndQueuesNothing(string field, Func<GenerationRequest, GenerationRequest> mutate)
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), start: false);

        var error = Assert.Throws<InvalidRequestException>(() => h.Scheduler.Submit(mutate(Harness.Request()), CancellationToken.None));

        Assert.Equal(field, error.Field);
        Assert.StartsWith(field + ":", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Worker.WaitingCount);
    }

    [Fact]
    public async Task Submit_PromptJustFits_IsAccepted()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), start: false);

        var stream = h.Scheduler.Submit(Harness.Request(new string('a', 62)), CancellationToken.None);

        Assert.Equal(63, stream.PromptTokens);
    }

    [Fact]
    public void Submit_UnknownModel_ThrowsNotFound()
    {
        var scheduler = new GenerationScheduler(new FakeDirectory(), new FakeTimeProvider());

        var error = Assert.Throws<ModelNotFoundException>(() => scheduler.Submit(Harness.Request() with { ModelId = "nope" }, CancellationToken.None));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_FreeTextAsModelId_IsNotEchoed()
    {
        var scheduler = new GenerationScheduler(new FakeDirectory(), new FakeTimeProvider());

        var error = Assert.Throws<ModelNotFoundException>(() => scheduler.Submit(Harness.Request() with { ModelId = "患者 张三 胸痛" }, CancellationToken.None));

        Assert.DoesNotContain("张三", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("model_id:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModelState.Loading, "still loading")]
    [InlineData(ModelState.Failed, "sha256 mismatch")]
    public void Submit_ModelNotReady_ThrowsUnavailableWithReason(ModelState state, string expected)
    {
        var directory = new FakeDirectory().Add("m", new ModelAvailability(state, "sha256 mismatch", null));
        var scheduler = new GenerationScheduler(directory, new FakeTimeProvider());

        var error = Assert.Throws<ModelUnavailableException>(() => scheduler.Submit(Harness.Request(), CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ChatMessages_AreRenderedWithTheEngineTemplate()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64), start: false);
        var request = Harness.Request() with { Prompt = null, Messages = [new ChatMessage("user", "hi")] };

        var stream = h.Scheduler.Submit(request, CancellationToken.None);

        Assert.Equal(1 + "<user>hi".Length, stream.PromptTokens);
    }

    [Fact]
    public async Task Submit_NoMaxTokensOnASmallContext_RunsUntilTheContextIsFull()
    {
        await using var h = new Harness(new FakeEngine(contextLength: 64));
        var request = Harness.Request() with { Sampling = new SamplingParameters() };

        var events = await Harness.ReadAllAsync(h.Scheduler.Submit(request, CancellationToken.None));

        Assert.Equal(FinishReason.Length, Harness.Final(events).Reason);
        Assert.Equal(64 - 6, Harness.Final(events).Usage.CompletionTokens);
    }
}
