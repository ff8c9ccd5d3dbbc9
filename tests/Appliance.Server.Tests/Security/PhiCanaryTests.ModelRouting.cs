using System.Net;
using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;
using Appliance.Server.Tests.OpenAiApi;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// Routing by model (issue 20): the marker sent as the <c>x-appliance-model</c> header (gRPC and the
/// OpenAI door, refused as a mismatch) and as <c>/healthz?model=</c> (refused as not an id, or
/// unknown): no refusal, health answer, log line, audit record or metric repeats it.
/// </summary>
public sealed partial class PhiCanaryTests
{
    [Fact]
    public async Task Marker_AsTheModelRoutingHeaderOrHealthQuery_AppearsInNoLogAuditMetricOrAnswer()
    {
        var generation = new Generation.GenerationClient(_server.Channel);
        foreach (var routed in new[] { Core, Core.ToLowerInvariant() })
        {
            var headers = Key(_key);
            headers.Add(ModelRouting.Header, routed);
            await ExpectAsync(StatusCode.InvalidArgument, () => generation.CompleteAsync(Request(ModelId, 2), headers, deadline: Deadline()).ResponseAsync);
        }

        using (var http = new OpenAiHttp(_server.OpenAiAddress, _key))
        {
            http.Client.DefaultRequestHeaders.Add(ModelRouting.Header, Core);
            var refused = Collected(await http.PostAsync("chat/completions", $$"""{"model":"{{ModelId}}","messages":[{"role":"user","content":"{{Core}}"}],"max_tokens":2}"""));
            Assert.Equal(400, refused.Status);
            Assert.Equal(ModelRouting.Header, refused.Param);
        }

        using (var metrics = new HttpClient { BaseAddress = _server.MetricsAddress, Timeout = Bounded.CallTimeout })
        {
            foreach (var (query, status) in new[] { (Core, HttpStatusCode.BadRequest), (Core.ToLowerInvariant(), HttpStatusCode.ServiceUnavailable) })
            {
                using var answer = await metrics.GetAsync(new Uri($"/healthz?model={Uri.EscapeDataString(query)}", UriKind.Relative));
                Assert.Equal(status, answer.StatusCode);
                var text = await answer.Content.ReadAsStringAsync();
                Assert.DoesNotContain(Core.ToLowerInvariant(), text, StringComparison.Ordinal);
                Collect(text);
            }
        }

        await Bounded.UntilAsync(
            async _ => (await AuditRecords.ReadAsync(AuditDirectory)).Count(r => r.Event == "end") >= 3,
            "the end records of the 3 refused calls");
        await AssertMarkerNowhereAsync();
    }
}
