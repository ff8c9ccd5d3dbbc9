using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
using Appliance.Cli.Commands;
using Appliance.Contracts.V1;
using Appliance.Core.Audit;
using Appliance.Server.Models;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests.Audit;

/// <summary>The real server with a real synthetic model: every call is audited, the chain verifies, and no prompt text reaches the file.</summary>
public sealed class AuditIntegrationTests : IDisposable
{
    private const string ModelId = "tiny";
    private const string PhiMarker = "PHI-MARKER-7f3a Zhang San 110101199003077777";

    private readonly string _models = Path.Combine(Path.GetTempPath(), "appliance-test-models-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly AuditFolder _audit = new();

    public void Dispose()
    {
        _audit.Dispose();
        if (Directory.Exists(_models))
        {
            Directory.Delete(_models, recursive: true);
        }
    }

    [Fact]
    public async Task Calls_SuccessInvalidAndNotFound_AuditedWithStatusesAndNoPromptText()
    {
        await SyntheticModelFiles.WriteAsync(_models, ModelId, new SyntheticModelOptions { WeightType = GgmlType.Q8_0, ContextLength = 512 },
            maxSequences: 1, batchTokens: 64, CancellationToken.None);
        string sha256;
        await using (var server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = _models,
            ["Appliance:Audit:Directory"] = _audit.Path,
            ["Appliance:Llama:Threads"] = "2",
        }))
        {
            await server.WaitForServingAsync(HealthReporter.ServiceName(ModelId), TimeSpan.FromSeconds(60));
            sha256 = server.App.Services.GetRequiredService<ModelHost>().Get(ModelId)!.Manifest!.Sha256;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var client = new Generation.GenerationClient(server.Channel);

            await client.CompleteAsync(Request(ModelId, "crid-ok", 4), cancellationToken: timeout.Token);
            using (var stream = client.Generate(Request(ModelId, "crid-stream", 3), cancellationToken: timeout.Token))
            {
                while (await stream.ResponseStream.MoveNext(timeout.Token))
                {
                }
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
        var missing = Assert.Single(complete, r => r is { Event: "end", ClientRequestId: "crid-missing" });
        Assert.Equal("NotFound", missing.Status);
        Assert.Null(missing.ModelSha256);
    }

    [Fact]
    public async Task AuditVerifyCommand_GoodThenEditedFile_ExitsZeroThenNamesTheRecord()
    {
        await _audit.WriteAsync(6);
        var file = Assert.Single(_audit.Files);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var context = new CommandContext(output, errors, TimeProvider.System, string.Empty);

        var good = await new AuditVerifyCommand(context).RunAsync([file], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var lines = await File.ReadAllLinesAsync(file);
        lines[2] = lines[2].Replace("\"model_id\":\"m\"", "\"model_id\":\"n\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);
        var bad = await new AuditVerifyCommand(context).RunAsync([file], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExitCodes.Success, good);
        Assert.Equal(ExitCodes.Failure, bad);
        var report = output.ToString();
        Assert.Contains("OK    6 record(s) in 1 file(s)", report, StringComparison.Ordinal);
        Assert.Contains($"FAIL  {file}:3: record 3: {AuditChainVerifier.HashMismatch}", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerifyCommand_MissingFile_ExitsNotFound()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await new AuditVerifyCommand(new CommandContext(output, errors, TimeProvider.System, string.Empty))
            .RunAsync([Path.Combine(_audit.Path, "nope.jsonl")], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Contains("not found", errors.ToString(), StringComparison.Ordinal);
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
