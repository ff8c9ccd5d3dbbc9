using Appliance.Contracts.V1;
using Appliance.Server.Audit;
using Appliance.Server.Tests.Metrics;
using Appliance.Server.Tests.Security;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// A deadline can never be mistaken for success: Complete past its deadline is DEADLINE_EXCEEDED
/// (never OK with partial text), and every call past its deadline is counted and audited as
/// DeadlineExceeded whichever side noticed it: the client's timer (grpc-dotnet) or the server's
/// (raw HTTP/2 with only <c>grpc-timeout</c>, no client timer).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class UnaryDeadlineTests(ServerFixture server, ITestOutputHelper output)
{
    private const string CompleteMethod = "/appliance.v1.Generation/Complete";
    private const string GenerateMethod = "/appliance.v1.Generation/Generate";

    [Fact]
    public async Task Complete_500MsDeadlineOnALongGeneration_DeadlineExceededInStatusMetricAndAudit()
    {
        var before = await CountAsync(CompleteMethod);
        var request = LongRequest();
        var client = new Generation.GenerationClient(server.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(
            () => client.CompleteAsync(request, deadline: DateTime.UtcNow.AddMilliseconds(500)).ResponseAsync.Within(Bounded.CallTimeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await AssertRecordedAsync(CompleteMethod, before, request.ClientRequestId);
    }

    [Fact]
    public async Task Complete_ServerNoticesTheDeadline_DeadlineExceededWithTheTokenCountAndNoText()
    {
        for (var i = 0; i < 3; i++)
        {
            var answer = await CallPastTheServersDeadlineAsync(CompleteMethod);

            Assert.Equal((int)StatusCode.DeadlineExceeded, answer.Status);
            // The worker's message (the token count) or grpc-dotnet's, when its timer won: never text.
            Assert.Matches(@"^(the call's deadline passed after \d+ generated tokens?; partial text is not returned|Deadline Exceeded)$", answer.Message);
        }
    }

    [Fact]
    public async Task Generate_ServerNoticesTheDeadline_CountedAndAuditedAsDeadlineExceeded()
    {
        for (var i = 0; i < 3; i++)
        {
            // A final message whose finish reason is DEADLINE and OK, or DEADLINE_EXCEEDED without one: recorded the same.
            var answer = await CallPastTheServersDeadlineAsync(GenerateMethod);

            Assert.Contains(answer.Status, new[] { (int)StatusCode.OK, (int)StatusCode.DeadlineExceeded });
        }
    }

    /// <summary>
    /// A long generation with only <c>grpc-timeout</c> (500 ms) and no client timer; checks it was
    /// counted and audited DeadlineExceeded. The server's worker and grpc-dotnet's deadline timer
    /// race to notice (about half the calls each, measured here), so the tests make three calls.
    /// </summary>
    private async Task<RawGrpc.Reply> CallPastTheServersDeadlineAsync(string method)
    {
        var before = await CountAsync(method);
        var request = LongRequest();

        var answer = await RawGrpc.SendAsync(server.Address, method, request.ToByteArray(), new Dictionary<string, string> { ["grpc-timeout"] = "500m" });

        output.WriteLine($"{method}: status {answer.Status}: {answer.Message}");
        await AssertRecordedAsync(method, before, request.ClientRequestId);
        return answer;
    }

    private static GenerateRequest LongRequest()
    {
        var request = GrpcTestExtensions.Greedy("a long answer please", maxTokens: 8000);
        request.ModelId = ServerFixture.LongModelId;
        request.ClientRequestId = "deadline-" + Guid.NewGuid().ToString("N");
        return request;
    }

    private async Task AssertRecordedAsync(string method, double before, string clientRequestId)
    {
        await server.WaitForIdleAsync(ServerFixture.LongModelId);
        await Bounded.UntilAsync(async _ => await CountAsync(method) == before + 1, () => $"one more DeadlineExceeded {method} call");
        var audit = server.Server.App.Services.GetRequiredService<IOptions<AuditOptions>>().Value.Directory!;
        var end = await AuditRecords.WaitForEndAsync(audit, clientRequestId);
        Assert.Equal("DeadlineExceeded", end.Status);
    }

    private async Task<double> CountAsync(string method) =>
        Scrape.Parse(await server.Server.ScrapeAsync()).Sum(
            "appliance_requests_total", ("method", method), ("model", ServerFixture.LongModelId), ("grpc_code", "DeadlineExceeded"));
}
