using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Server.Tests.GrpcApi;
using Grpc.Core;

namespace Appliance.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ErrorHandlingTests(ServerFixture server)
{
    private const string Marker = "PHI-MARKER 张三 MRN 0042317";
    private readonly Generation.GenerationClient _client = new(server.Channel);

    /// <summary>Scenario, status, what the message names (for InvalidArgument: the field path of its FieldViolation), the ErrorInfo reason.</summary>
    public static TheoryData<string, StatusCode, string, string> BadRequests() => new()
    {
        { "unknown-model", StatusCode.NotFound, "model_id", ErrorReasons.ModelNotFound },
        { "empty-prompt", StatusCode.InvalidArgument, "prompt", ErrorReasons.InvalidArgument },
        { "max-tokens-zero", StatusCode.InvalidArgument, "sampling.max_tokens", ErrorReasons.InvalidArgument },
        { "max-tokens-over-context", StatusCode.InvalidArgument, "sampling.max_tokens", ErrorReasons.InvalidArgument },
        { "negative-temperature", StatusCode.InvalidArgument, "sampling.temperature", ErrorReasons.InvalidArgument },
        { "prompt-over-context", StatusCode.InvalidArgument, "prompt", ErrorReasons.InvalidArgument },
        { "bad-role", StatusCode.InvalidArgument, "messages.items[0].role", ErrorReasons.InvalidArgument },
        { "client-request-id-not-an-id", StatusCode.InvalidArgument, "client_request_id", ErrorReasons.InvalidArgument },
        { "bad-sha-model", StatusCode.Unavailable, "sha256", ErrorReasons.ModelFailed },
        { "missing-file-model", StatusCode.Unavailable, ServerFixture.MissingModelId, ErrorReasons.ModelFailed },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Generate_BadInput_ClearStatusNamingTheFieldAndServerKeepsServing(string scenario, StatusCode code, string mentioned, string reason)
    {
        var request = Build(scenario);

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.StreamAsync(request));

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(mentioned, error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("PHI-MARKER", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("张三", error.Status.Detail, StringComparison.Ordinal);
        var unary = await Assert.ThrowsAsync<RpcException>(() => _client.CompleteAsync(request).ResponseAsync);
        Assert.Equal(code, unary.StatusCode);
        foreach (var refused in new[] { error, unary })
        {
            RichErrors.AssertReason(refused, reason);
            RichErrors.AssertNoRetry(refused);
            if (code == StatusCode.InvalidArgument)
            {
                Assert.Equal(mentioned, RichErrors.AssertFieldViolation(refused).Field);
            }
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Generate_ClientRequestIdWithPatientText_RefusedNamingTheFieldAndTheCharset()
    {
        var request = Build("client-request-id-not-an-id");

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CompleteAsync(request).ResponseAsync);
        var model = RichErrors.AssertReason(await Assert.ThrowsAsync<RpcException>(() => _client.CompleteAsync(Build("unknown-model")).ResponseAsync), ErrorReasons.ModelNotFound);

        Assert.Equal(
            "client_request_id: must be at most 128 characters of ASCII letters, digits and . _ - : (an id, never patient data)", error.Status.Detail);
        Assert.Equal("no-such-model", model.Metadata["model_id"]);
    }

    [Fact]
    public async Task Generate_ModelThatFailedItsIntegrityCheck_CallersToldWhyWithoutPathsOrHashes_ItSeesTheDetails()
    {
        var request = new GenerateRequest { ModelId = ServerFixture.BadShaModelId, Prompt = "x" };

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CompleteAsync(request).ResponseAsync);
        var model = (await new Contracts.V1.Models.ModelsClient(server.Channel).GetModelAsync(new GetModelRequest { ModelId = ServerFixture.BadShaModelId })).Model;

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("failed its integrity check", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("/", error.Status.Detail, StringComparison.Ordinal); // no server path
        Assert.DoesNotMatch("[0-9a-f]{64}", error.Status.Detail); // no sha256 value
        Assert.Contains("sha256 mismatch", model.FailureReason, StringComparison.Ordinal); // IT: GetModel and status keep the details
        Assert.Contains("/", model.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ClientCancels_GenerationStopsAndSequenceIsFreed()
    {
        using var cts = new CancellationTokenSource();
        // The long-context model generates for seconds, so the cancel always lands mid-generation.
        var request = GrpcTestExtensions.Greedy(Marker, maxTokens: 8000);
        request.ModelId = ServerFixture.LongModelId;
        using var call = _client.Generate(request, cancellationToken: cts.Token);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        await cts.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await server.WaitForIdleAsync(ServerFixture.LongModelId);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Generate_DeadlinePassesMidGeneration_StopsAtTheDeadlineAndSequenceIsFreed()
    {
        var request = GrpcTestExtensions.Greedy(Marker, maxTokens: 8000);
        request.ModelId = ServerFixture.LongModelId;
        using var call = _client.Generate(request, deadline: DateTime.UtcNow.AddMilliseconds(500));

        // Either the worker notices the deadline first and ends the stream with finish reason
        // DEADLINE, or gRPC's own timer ends the call with DEADLINE_EXCEEDED: both stop the work.
        GenerationFinal? final = null;
        try
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                final = response.EventCase == GenerateResponse.EventOneofCase.Final ? response.Final : final;
            }

            Assert.NotNull(final);
            Assert.Equal(FinishReason.Deadline, final!.FinishReason);
            Assert.True(final.Usage.CompletionTokens < 8000);
        }
        catch (RpcException error)
        {
            Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        }

        await server.WaitForIdleAsync(ServerFixture.LongModelId);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Logs_AfterRequestsWithPatientText_NeverContainIt()
    {
        await _client.StreamAsync(GrpcTestExtensions.Greedy(Marker, maxTokens: 4));
        await Assert.ThrowsAsync<RpcException>(() => _client.StreamAsync(Build("negative-temperature")));
        await Assert.ThrowsAsync<RpcException>(() => _client.StreamAsync(Build("prompt-over-context")));

        Assert.NotEmpty(server.Logs);
        Assert.DoesNotContain(server.Logs, line => line.Contains("PHI-MARKER", StringComparison.Ordinal) || line.Contains("张三", StringComparison.Ordinal));
    }

    private async Task AssertStillServingAsync()
    {
        var (_, final) = await _client.StreamAsync(GrpcTestExtensions.Greedy("still there?", maxTokens: 3));
        Assert.Equal(FinishReason.Length, final.FinishReason);
    }

    private static GenerateRequest Build(string scenario)
    {
        var r = GrpcTestExtensions.Greedy(Marker, maxTokens: 4);
        switch (scenario)
        {
            case "unknown-model": r.ModelId = "no-such-model"; break;
            case "empty-prompt": r.Prompt = string.Empty; break;
            case "max-tokens-zero": r.Sampling.MaxTokens = 0; break;
            case "max-tokens-over-context": r.Sampling.MaxTokens = ServerFixture.ContextLength + 1; break;
            case "negative-temperature": r.Sampling.Temperature = -1; break;
            case "prompt-over-context": r.Prompt = string.Concat(Enumerable.Repeat(Marker + " ", 200)); break;
            case "bad-role":
                r.Messages = new ChatMessages();
                r.Messages.Items.Add(new ChatMessage { Role = "doctor", Content = Marker });
                break;
            case "client-request-id-not-an-id": r.ClientRequestId = "张三-住院号123"; break;
            case "bad-sha-model": r.ModelId = ServerFixture.BadShaModelId; break;
            case "missing-file-model": r.ModelId = ServerFixture.MissingModelId; break;
            default: throw new ArgumentOutOfRangeException(nameof(scenario));
        }

        return r;
    }
}
