using System.Text;
using Appliance.Contracts.V1;
using Appliance.Server.Tests.GrpcApi;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;
using ChatMessage = Appliance.Contracts.V1.ChatMessage;

namespace Appliance.Server.Tests.Security;

/// <summary>The marker in input the appliance refuses before any handler or engine runs (issue 13, items 1, 2, 4).</summary>
public sealed partial class PhiCanaryTests
{
    [Fact]
    public async Task Marker_InMalformedOrOversizedInput_AppearsInNoLogAuditMetricOrStatus()
    {
        var marker = Encoding.UTF8.GetBytes(_marker);
        var headers = Key(_key).ToDictionary(e => e.Key, e => e.Value);
        var notUtf8 = MalformedRequestTests.Message(w => w.String(1, Encoding.UTF8.GetBytes(ModelId)).String(2, [.. marker, 0xFF, .. marker]));
        var garbage = (byte[])[0x0F, .. marker];

        foreach (var payload in new[] { notUtf8, garbage })
        {
            var refused = await RawGrpc.SendAsync(_server.Address, "/appliance.v1.Generation/Complete", payload, headers);
            Assert.Equal((int)StatusCode.InvalidArgument, refused.Result.Status);
            _statuses.Add(refused.Result.Message);
            CollectDetails(RichErrors.Of(refused));
        }

        var generation = new Generation.GenerationClient(_server.Channel);
        var huge = Request(ModelId, 3);
        huge.Prompt = string.Concat(Enumerable.Repeat(_marker, 16 * 1024 * 1024 / marker.Length / 8)); // 2 MiB: far beyond what 512 tokens hold
        await ExpectAsync(StatusCode.InvalidArgument, () => generation.CompleteAsync(huge, Key(_key), deadline: Deadline()).ResponseAsync);
        var many = Request(ModelId, 3);
        many.Messages = new ChatMessages();
        many.Messages.Items.AddRange(Enumerable.Range(0, 2000).Select(_ => new ChatMessage { Role = "user", Content = _marker }));
        await ExpectAsync(StatusCode.InvalidArgument, () => generation.CompleteAsync(many, Key(_key), deadline: Deadline()).ResponseAsync);

        await Bounded.UntilAsync(() => TestAuditChain.Files(AuditDirectory).Select(ReadShared).Sum(t => t.Split("\"InvalidArgument\"").Length - 1) >= 4, "four audited refusals");
        await AssertMarkerNowhereAsync();
    }
}
