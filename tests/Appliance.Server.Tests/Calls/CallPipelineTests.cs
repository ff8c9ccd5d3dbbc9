using Appliance.Core;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Server.Calls;

namespace Appliance.Server.Tests.Calls;

/// <summary>The pipeline's own rules: steps begin in order, end in reverse, and only the steps that began end.</summary>
public sealed class CallPipelineTests
{
    private readonly List<string> _trace = [];

    private static CallContextFactory Factory() => CallContextFactoryTests.Factory(("lab", Priority.Normal));

    private static CallStart Start(string? clientRequestId = null) =>
        new("/appliance.v1.Generation/Generate", "m", "lab", clientRequestId, Priority.Normal, CallerCredentials.None);

    [Fact]
    public void BeginThenEnd_StepsBeginInOrderAndEndInReverse()
    {
        var pipeline = CallPipeline.Of(Factory(), new Step("a", _trace), new Step("b", _trace), new Step("c", _trace));
        var call = pipeline.Create(Start());

        pipeline.Begin(call);
        pipeline.End(call);

        Assert.Equal(["begin a", "begin b", "begin c", "end c", "end b", "end a"], _trace);
    }

    [Fact]
    public void Begin_AStepRefuses_LaterStepsNeverBegin_TheOthersEnd()
    {
        var pipeline = CallPipeline.Of(Factory(), new Step("a", _trace), new Step("b", _trace, refuse: true), new Step("c", _trace));
        var call = pipeline.Create(Start());

        Assert.Throws<PermissionDeniedException>(() => pipeline.Begin(call));
        pipeline.End(call);

        Assert.Equal(["begin a", "begin b", "end b", "end a"], _trace);
    }

    [Fact]
    public void Begin_OverlongClientRequestId_RefusedNamingTheFieldAfterEveryStepBegan()
    {
        var pipeline = CallPipeline.Of(Factory(), new Step("a", _trace));
        var call = pipeline.Create(Start(new string('x', ClientRequestIds.MaxLength + 1)));

        var error = Assert.Throws<InvalidRequestException>(() => pipeline.Begin(call));
        pipeline.End(call);

        Assert.Equal("client_request_id", error.Field);
        Assert.Equal(["begin a", "end a"], _trace);
    }

    [Fact]
    public void TokensUsed_OutcomeCountsWinOverStreamedPieces()
    {
        var call = Factory().Create(Start());

        call.AddGeneratedTokens(3);
        call.AddGeneratedTokens(4);
        Assert.Equal(7, call.TokensUsed);

        call.Complete(new CallOutcome { PromptTokens = 10, CompletionTokens = 5 });
        Assert.Equal(15, call.TokensUsed);
    }

    private sealed class Step(string name, List<string> trace, bool refuse = false) : ICallStep
    {
        public void Begin(CallContext call)
        {
            trace.Add("begin " + name);
            if (refuse)
            {
                throw new PermissionDeniedException("refused by " + name, ErrorReasons.MethodNotAllowed);
            }
        }

        public void End(CallContext call) => trace.Add("end " + name);
    }
}
