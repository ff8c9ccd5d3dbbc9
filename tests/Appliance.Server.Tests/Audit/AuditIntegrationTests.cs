using Appliance.Contracts.V1;
using Appliance.Core.Audit;
using Grpc.Core;

namespace Appliance.Server.Tests.Audit;

/// <summary>The real server with a real synthetic model: every call is audited, the chain verifies, and no prompt text reaches the file.</summary>
public sealed class AuditIntegrationTests : IDisposable
{
    private const string ModelId = "tiny";
    private const string PhiMarker = "PHI-MARKER-7f3a Zhang San 110101199003077777";

    private readonly AuditFolder _audit = new();

    public void Dispose() => _audit.Dispose();

    [Fact]
    public async Task Calls_SuccessInvalidAndNotFound_AuditedWithStatusesAndNoPromptText()
    {
        string sha256;
        var fixture = new ApplianceServerFixture
        {
            // A long context, so the cancelled stream is still generating when it is cancelled.
            Models = [new StagedModel(ModelId) { ContextLength = 8192, MaxSequences = 1 }],
            Settings = { ["Appliance:Audit:Directory"] = _audit.Path },
        };
        await using (var server = await fixture.StartAsync())
        {
            sha256 = server.Host.Get(ModelId)!.Manifest!.Sha256;
            using var timeout = new CancellationTokenSource(Bounded.CallTimeout);
            var client = new Generation.GenerationClient(server.Channel);

            await client.CompleteAsync(Request(ModelId, "crid-ok", 4), cancellationToken: timeout.Token);
            using (var stream = client.Generate(Request(ModelId, "crid-stream", 3), cancellationToken: timeout.Token))
            {
                while (await stream.ResponseStream.MoveNext(timeout.Token))
                {
                }
            }

            using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token))
            {
                using var stream = client.Generate(Request(ModelId, "crid-cancelled", 8000), cancellationToken: cancel.Token);
                Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
                Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
                await cancel.CancelAsync();
                await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(timeout.Token));
            }

            var invalid = Request(ModelId, "crid-invalid", 0);
            var error = await Assert.ThrowsAsync<RpcException>(() => client.CompleteAsync(invalid, cancellationToken: timeout.Token).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            error = await Assert.ThrowsAsync<RpcException>(() => client.CompleteAsync(Request("no-such-model", "crid-missing", 4), cancellationToken: timeout.Token).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
        }

        var verified = await _audit.VerifyAsync();
        Assert.True(verified.IsOk, verified.Failure?.ToString());
        var records = new List<AuditRecord>();
        foreach (var file in _audit.Files)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("PHI-MARKER", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Zhang", text, StringComparison.Ordinal);
            records.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => AuditChain.TryParse(l, out _)!));
        }

        var complete = records.Where(r => r.Method == "/appliance.v1.Generation/Complete").ToList();
        Assert.Equal(3, complete.Count(r => r.Event == "start"));
        var ok = Assert.Single(complete, r => r is { Event: "end", ClientRequestId: "crid-ok" });
        Assert.Equal("OK", ok.Status);
        Assert.Equal(sha256, ok.ModelSha256);
        Assert.Equal("his", ok.Client);
        Assert.Equal("normal", ok.Priority);
        Assert.NotNull(ok.RequestId);
        Assert.True(ok.PromptTokens > 0);
        Assert.Equal(4, ok.CompletionTokens);
        Assert.Equal("length", ok.FinishReason);
        Assert.NotNull(ok.TotalMilliseconds);
        Assert.Equal(AuditLogAuthorization, ok.Authorization);
        Assert.Equal("InvalidArgument", Assert.Single(complete, r => r is { Event: "end", ClientRequestId: "crid-invalid" }).Status);
        var streamed = Assert.Single(records, r => r is { Event: "end", ClientRequestId: "crid-stream" });
        Assert.Equal(("/appliance.v1.Generation/Generate", "OK", 3, "length"), (streamed.Method, streamed.Status, streamed.CompletionTokens, streamed.FinishReason));
        // A generation cut short still records its prompt and what was generated before it stopped.
        var cancelled = Assert.Single(records, r => r is { Event: "end", ClientRequestId: "crid-cancelled" });
        Assert.Equal("Cancelled", cancelled.Status);
        Assert.True(cancelled.PromptTokens > 0);
        Assert.True(cancelled.CompletionTokens >= 2, $"completion tokens {cancelled.CompletionTokens}");
        Assert.NotNull(cancelled.RequestId);
        var missing = Assert.Single(complete, r => r is { Event: "end", ClientRequestId: "crid-missing" });
        Assert.Equal("NotFound", missing.Status);
        Assert.Null(missing.ModelSha256);
    }

    private const string AuditLogAuthorization = "allowed: anonymous (Appliance:Security:AllowAnonymous)";

    private static GenerateRequest Request(string model, string clientRequestId, int maxTokens) => new()
    {
        ModelId = model,
        Client = "his",
        ClientRequestId = clientRequestId,
        Prompt = "Patient " + PhiMarker + " reports chest pain.",
        Sampling = new SamplingParams { MaxTokens = maxTokens, Temperature = 0, Seed = 1 },
    };
}
