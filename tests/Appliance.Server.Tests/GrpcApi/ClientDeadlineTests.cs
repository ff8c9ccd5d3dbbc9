using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Appliance.Contracts.V1;
using Appliance.Server.Tests.Metrics;
using Google.Protobuf;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// A client that enforces its own deadline cancels the stream on its timer, a little before the
/// deadline the server took from <c>grpc-timeout</c>: such a call is a deadline in metrics, a
/// cancel well before the deadline stays a cancel. Raw HTTP/2 so the moment of the cancel is the
/// test's, not a client library's.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ClientDeadlineTests(ServerFixture server)
{
    [Theory]
    [InlineData("1500m", "DeadlineExceeded")] // cancelled 800 ms before the server's deadline: the client's own timer
    [InlineData("60S", "Cancelled")] // cancelled a minute before it: the caller gave up
    public async Task Generate_ClientCancelsAt700Ms_CountedByHowCloseTheDeadlineWas(string grpcTimeout, string counted)
    {
        var before = await CountAsync(counted);
        var request = GrpcTestExtensions.Greedy("a long answer please", maxTokens: 8000);
        request.ModelId = ServerFixture.LongModelId;

        using var http = new HttpClient { Timeout = Bounded.CallTimeout };
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(server.Address), "/appliance.v1.Generation/Generate"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(request)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        message.Headers.TryAddWithoutValidation("grpc-timeout", grpcTimeout);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
            var buffer = new byte[4096];
            while (await body.ReadAsync(buffer, cancel.Token) > 0)
            {
            }
        });

        await server.WaitForIdleAsync(ServerFixture.LongModelId);
        var seen = "";
        await Bounded.UntilAsync(
            async _ =>
            {
                var scrape = Scrape.Parse(await server.Server.ScrapeAsync());
                seen = string.Join("; ", scrape.Samples.Where(x => x.Name == "appliance_requests_total").Select(x => string.Join(",", x.Labels.Values) + "=" + x.Value));
                return await CountAsync(counted) == before + 1;
            },
            () => $"one more {counted} call; counted: {seen}");
    }

    private async Task<double> CountAsync(string code) =>
        Scrape.Parse(await server.Server.ScrapeAsync()).Sum(
            "appliance_requests_total", ("method", "/appliance.v1.Generation/Generate"), ("model", ServerFixture.LongModelId), ("grpc_code", code));

    private static byte[] Frame(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
