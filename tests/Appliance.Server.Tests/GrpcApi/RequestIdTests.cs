using Appliance.Contracts.V1;
using Appliance.Core.Engines;
using Appliance.Core.Errors;
using Appliance.Core.Models;
using Appliance.Engines.Llama;
using Appliance.Server.GrpcApi;
using Appliance.Server.Tests.Security;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// The server's request id reaches the caller on every outcome as <c>x-request-id</c> (success,
/// refusal, cancel, deadline), equal to the response's <c>request_id</c> and to the audit end
/// record's; and a model still loading is refused with its reason. Real server, real clients
/// (grpc-dotnet, and raw HTTP/2 where the test must own the deadline).
/// </summary>
public sealed class RequestIdTests(RequestIdTests.IdServer server) : IClassFixture<RequestIdTests.IdServer>
{
    private const string LoadingModelId = "zz-loading";
    private const string Key = RequestIdMetadata.Key;
    private readonly Generation.GenerationClient _client = new(server.Channel);

    [Fact]
    public async Task Complete_Success_IdInHeadersAndTrailers_EqualToTheResponseAndTheAuditEnd()
    {
        using var call = _client.CompleteAsync(Request("id-ok", 3), deadline: Deadline());
        var response = await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;

        Assert.StartsWith("req_", response.Final.RequestId, StringComparison.Ordinal);
        Assert.Equal(response.Final.RequestId, headers.GetValue(Key));
        Assert.Equal([response.Final.RequestId], call.GetTrailers().Where(e => e.Key == Key).Select(e => e.Value));
        var end = await AuditRecords.WaitForEndAsync(server.AuditDirectory, "id-ok");
        Assert.Equal((response.Final.RequestId, "OK"), (end.RequestId, end.Status));
    }

    [Fact]
    public async Task Complete_Refused_IdOnceInTheTrailersOnlyAnswer_EqualToTheAuditEnd()
    {
        var invalid = Request("id-invalid", 0);

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CompleteAsync(invalid, deadline: Deadline()).ResponseAsync);
        var raw = await RawGrpc.SendAsync(server.Address, "/appliance.v1.Generation/Complete", Request("id-invalid-raw", 0).ToByteArray());

        var id = Assert.Single(error.Trailers, e => e.Key == Key).Value;
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var end = await AuditRecords.WaitForEndAsync(server.AuditDirectory, "id-invalid");
        Assert.Equal((id, "InvalidArgument"), (end.RequestId, end.Status));
        Assert.True(raw.Headers.ContainsKey("grpc-status"), "a refusal before any message is one Trailers-Only frame");
        Assert.Equal((await AuditRecords.WaitForEndAsync(server.AuditDirectory, "id-invalid-raw")).RequestId, raw.Headers[Key]);
    }

    [Fact]
    public async Task Generate_Cancelled_IdInTheHeaders_EqualToTheAuditEnd()
    {
        using var cancel = new CancellationTokenSource();
        using var call = _client.Generate(Request("id-cancelled", 8000), cancellationToken: cancel.Token);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var id = (await call.ResponseHeadersAsync).GetValue(Key);

        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        var end = await AuditRecords.WaitForEndAsync(server.AuditDirectory, "id-cancelled");
        Assert.Equal((id, "Cancelled"), (end.RequestId, end.Status));
    }

    [Fact]
    public async Task Generate_DeadlinePasses_IdInHeadersAndTrailers_EqualToTheAuditEnd()
    {
        // Raw HTTP/2 with grpc-timeout and no client timer: the server's answer to its deadline is read whole. A second
        // is long enough for the stream to have sent pieces (headers first, trailers apart) and too short for 8000 tokens.
        var reply = await RawGrpc.SendAsync(
            server.Address, "/appliance.v1.Generation/Generate", Request("id-deadline", 8000).ToByteArray(), new Dictionary<string, string> { ["grpc-timeout"] = "1S" });

        var end = await AuditRecords.WaitForEndAsync(server.AuditDirectory, "id-deadline");
        // Either grpc-dotnet's deadline timer ends the call, or the worker ends the stream with finish reason DEADLINE
        // (status OK on the wire); the audit records a deadline either way.
        Assert.Contains(reply.Result.Status, new[] { 4, 0 });
        Assert.Equal("DeadlineExceeded", end.Status);
        Assert.StartsWith("req_", end.RequestId, StringComparison.Ordinal);
        Assert.Equal((end.RequestId, end.RequestId), (reply.Headers[Key], reply.Trailers[Key]));
    }

    [Fact]
    public async Task Complete_ModelStillLoading_UnavailableWithReasonModelLoadingAndTheModel()
    {
        var request = Request("id-loading", 3);
        request.ModelId = LoadingModelId;

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CompleteAsync(request, deadline: Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(LoadingModelId, RichErrors.AssertReason(error, ErrorReasons.ModelLoading).Metadata["model_id"]);
        RichErrors.AssertNoRetry(error);
        Assert.Single(error.Trailers, e => e.Key == Key);
    }

    private static GenerateRequest Request(string clientRequestId, int maxTokens)
    {
        var request = GrpcTestExtensions.Greedy("Write a long discharge summary", maxTokens);
        request.ClientRequestId = clientRequestId;
        return request;
    }

    private static DateTime Deadline() => DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit);

    /// <summary>
    /// <see cref="ApplianceServerFixture.ModelId"/> with a long context (a generation runs for
    /// seconds), and <see cref="LoadingModelId"/>, whose load never finishes; audit on.
    /// </summary>
    public sealed class IdServer : ApplianceServerFixture, IAsyncLifetime
    {
        private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IdServer()
        {
            Models = [new StagedModel(ModelId) { ContextLength = 8192, Aliases = [LoadingModelId] }];
            AwaitModels = false;
            Settings["Appliance:Audit:Directory"] = AuditDirectory;
            Settings["Appliance:Audit:FlushInterval"] = "00:00:00.100";
            ConfigureServer = builder => builder.Services.AddSingleton<ITextGenerationEngineLoader>(
                sp => new HeldLoader(ActivatorUtilities.CreateInstance<LlamaEngineLoader>(sp), _never.Task));
        }

        public string AuditDirectory => Folder.Combine("audit");

        /// <summary>Starts the server and waits for the ready model only (the other never loads).</summary>
        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            await Server.WaitForServingAsync($"model/{ModelId}", Bounded.StartTimeout);
        }

        public override async Task DisposeAsync()
        {
            _never.TrySetCanceled();
            await base.DisposeAsync();
        }
    }

    /// <summary>Loads every model for real but <see cref="LoadingModelId"/>, which waits for <paramref name="gate"/>.</summary>
    private sealed class HeldLoader(ITextGenerationEngineLoader real, Task gate) : ITextGenerationEngineLoader
    {
        public async Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken)
        {
            if (manifest.Id == LoadingModelId)
            {
                await gate.WaitAsync(cancellationToken);
            }

            return await real.LoadAsync(manifest, cancellationToken);
        }
    }
}
