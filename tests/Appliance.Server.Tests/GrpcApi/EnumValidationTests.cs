using Appliance.Contracts.V1;
using Grpc.Core;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// Protobuf keeps enum numbers the contract does not define; the appliance refuses them naming
/// the field instead of running the call at the default (issue 13, item 3). No model is needed:
/// the call pipeline refuses the call before any handler runs.
/// </summary>
public sealed class EnumValidationTests : IAsyncLifetime
{
    private const Priority Undefined = (Priority)99;
    private const string Expected = "priority: must be one of PRIORITY_UNSPECIFIED, PRIORITY_URGENT, PRIORITY_NORMAL, PRIORITY_BATCH (got 99)";

    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")),
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    [Fact]
    public async Task Generate_PriorityOutsideTheContract_InvalidArgumentNamingTheField()
    {
        var client = new Generation.GenerationClient(_server.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.CompleteAsync(new GenerateRequest { ModelId = "m", Prompt = "x", Priority = Undefined }, deadline: Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(Expected, error.Status.Detail);
        Assert.Equal("priority", RichErrors.AssertFieldViolation(error).Field);
        var page = await _server.ScrapeAsync();
        Assert.Contains(page.Split('\n'), l => l.StartsWith("appliance_requests_rejected_total{", StringComparison.Ordinal)
            && l.Contains("reason=\"invalid\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmbedAndInfer_PriorityOutsideTheContract_InvalidArgumentNamingTheField()
    {
        var embed = await Assert.ThrowsAsync<RpcException>(() => new Embeddings.EmbeddingsClient(_server.Channel)
            .EmbedAsync(new EmbedRequest { ModelId = "m", Texts = { "x" }, Priority = Undefined }, deadline: Deadline()).ResponseAsync);
        var infer = await Assert.ThrowsAsync<RpcException>(() => new Contracts.V1.Inference.InferenceClient(_server.Channel)
            .InferAsync(new InferRequest { ModelId = "m", Priority = Undefined }, deadline: Deadline()).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, Expected), (embed.StatusCode, embed.Status.Detail));
        Assert.Equal((StatusCode.InvalidArgument, Expected), (infer.StatusCode, infer.Status.Detail));
        Assert.Equal(("priority", "priority"), (RichErrors.AssertFieldViolation(embed).Field, RichErrors.AssertFieldViolation(infer).Field));
    }

    [Fact]
    public async Task Generate_EveryDefinedPriority_PassesTheCheck()
    {
        var client = new Generation.GenerationClient(_server.Channel);

        foreach (var priority in Enum.GetValues<Priority>())
        {
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                client.CompleteAsync(new GenerateRequest { ModelId = "m", Prompt = "x", Priority = priority }, deadline: Deadline()).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, error.StatusCode); // reached the handler: no model "m" here
        }
    }
}
