using System.Net;
using Appliance.Contracts.V1;
using Appliance.Server.Metrics;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Appliance.Server.Tests.Metrics;

/// <summary>The metrics port of the real server after real traffic: what operators scrape.</summary>
public sealed class MetricsEndpointTests(MetricsEndpointTests.LoadedServer fixture) : IClassFixture<MetricsEndpointTests.LoadedServer>
{
    private readonly MetricsServer _server = fixture.Server;
    private readonly Scrape _scrape = fixture.Scrape;

    private static (string, string) L(string key, string value) => (key, value);

    [Fact]
    public void RequestsTotal_LabelsTheGrpcStatusOfEachCall()
    {
        const string generate = "/appliance.v1.Generation/Generate";
        const string complete = "/appliance.v1.Generation/Complete";
        var model = MetricsServer.ModelId;

        Assert.Equal(1, _scrape.Sum("appliance_requests_total", L("method", complete), L("model", model), L("client", "his"), L("priority", "urgent"), L("grpc_code", "OK")));
        Assert.Equal(1, _scrape.Sum("appliance_requests_total", L("method", complete), L("model", model), L("client", "anonymous"), L("priority", "normal"), L("grpc_code", "OK")));
        Assert.Equal(1, _scrape.Sum("appliance_requests_total", L("method", complete), L("model", model), L("client", "his"), L("priority", "batch"), L("grpc_code", "OK")));
        Assert.Equal(1, _scrape.Sum("appliance_requests_total", L("method", complete), L("grpc_code", "InvalidArgument")));
        Assert.Equal(1, _scrape.Sum("appliance_requests_total", L("method", complete), L("model", "other"), L("grpc_code", "NotFound")));
        Assert.Equal(1, _scrape.Sum("appliance_requests_total", L("method", complete), L("model", model), L("grpc_code", "ResourceExhausted")));
        Assert.Equal(2, _scrape.Sum("appliance_requests_total", L("method", generate), L("model", model), L("grpc_code", "Cancelled")));
    }

    [Fact]
    public void RejectedTotal_ByReason()
    {
        Assert.Equal(1, _scrape.Sum("appliance_requests_rejected_total", L("model", "tiny"), L("client", "his"), L("reason", "invalid")));
        Assert.Equal(1, _scrape.Sum("appliance_requests_rejected_total", L("model", "other"), L("client", "his"), L("reason", "model_not_found")));
        Assert.Equal(1, _scrape.Sum("appliance_requests_rejected_total", L("model", "tiny"), L("client", "his"), L("reason", "queue_full")));
    }

    [Fact]
    public void GenerationMetrics_AgreeWithTheCallsMade()
    {
        // Four completed successes of 8 tokens each (greedy: the same tokens each time; three over gRPC, one anonymous
        // through the OpenAI-compatible door) and two cancelled long ones.
        Assert.Equal(4, _scrape.Sum("appliance_requests_finished_total", L("model", "tiny"), L("finish_reason", "length")));
        Assert.Equal(2, _scrape.Sum("appliance_requests_finished_total", L("model", "tiny"), L("finish_reason", "cancelled")));
        Assert.Equal(6, _scrape.Sum("appliance_request_duration_seconds_count", L("model", "tiny")));
        Assert.Equal(1, _scrape.Sum("appliance_time_to_first_token_seconds_count", L("model", "tiny"), L("priority", "urgent")));
        Assert.True(_scrape.Sum("appliance_generation_tokens_total", L("model", "tiny"), L("client", "anonymous")) == 16);
        Assert.True(_scrape.Sum("appliance_generation_tokens_total", L("model", "tiny"), L("client", "his")) >= 16 + 1);
        Assert.Equal(_scrape.Sum("appliance_prompt_tokens_sum", L("model", "tiny")), _scrape.Sum("appliance_prompt_tokens_total", L("model", "tiny")));
        Assert.True(_scrape.Sum("appliance_batch_size_count", L("model", "tiny")) >= 24);
        Assert.Equal(1, _scrape.Sum("appliance_requests_waiting_limit", L("model", "tiny")));
        Assert.Equal(0, _scrape.Sum("appliance_requests_running", L("model", "tiny")));
        Assert.Equal(1, _scrape.Sum("appliance_model_state", L("model", "tiny"), L("state", "ready")));
        Assert.Equal(0, _scrape.Sum("appliance_model_state", L("model", "tiny"), L("state", "failed")));
        Assert.True(_scrape.Sum("appliance_model_load_duration_seconds", L("model", "tiny")) > 0);
        Assert.True(_scrape.Has("appliance_preemptions_total", L("model", "tiny")));
    }

    [Fact]
    public void SloThresholds_AreBucketEdges()
    {
        Assert.True(_scrape.Has("appliance_time_to_first_token_seconds_bucket", L("le", "2")));
        Assert.True(_scrape.Has("appliance_inter_token_latency_seconds_bucket", L("le", "0.1")));
        Assert.True(_scrape.Has("appliance_queue_time_seconds_bucket", L("le", "1")));
    }

    [Fact]
    public void NoNvidiaDriver_GpuMetricsUpIsZero_AndNoGpuSeries()
    {
        Assert.Equal(0, _scrape.Sum("appliance_gpu_metrics_up"));
        Assert.DoesNotContain(_scrape.Samples, s => s.Name.StartsWith("appliance_gpu_memory", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildInfo_NamesVersionAndCommit()
    {
        var build = Assert.Single(_scrape.Samples, s => s.Name == "appliance_build_info");
        Assert.Equal(1, build.Value);
        Assert.Equal("0.1.0", build.Labels["version"]);
        Assert.False(string.IsNullOrEmpty(build.Labels["commit"]));
    }

    [Fact]
    public void ProcessAndRuntimeMetrics_Exported()
    {
        Assert.True(_scrape.Sum("process_working_set_bytes") > 0);
        Assert.True(_scrape.Has("dotnet_collection_count_total", L("generation", "0")));
    }

    [Fact]
    public async Task Healthz_ServingOnTheMetricsPort_AndNothingElseThere()
    {
        using var http = new HttpClient { BaseAddress = _server.Server.MetricsAddress, Timeout = TimeSpan.FromSeconds(30) };
        var healthz = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var other = await http.GetAsync(new Uri("/appliance.v1.Models/ListModels", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal("SERVING\n", await healthz.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Theory]
    [InlineData("?model=" + MetricsServer.ModelId, HttpStatusCode.OK, "model " + MetricsServer.ModelId + ": READY\n")]
    [InlineData("?model=not-configured-here", HttpStatusCode.ServiceUnavailable, "model: UNKNOWN (not configured on this box)\n")]
    [InlineData("?model=Not%20An%20Id", HttpStatusCode.BadRequest, "model: must be one model id (1-64 of a-z 0-9 . _ - starting with a letter or digit)\n")]
    [InlineData("?model=", HttpStatusCode.BadRequest, "model: must be one model id (1-64 of a-z 0-9 . _ - starting with a letter or digit)\n")]
    [InlineData("?model=a&model=b", HttpStatusCode.BadRequest, "model: must be one model id (1-64 of a-z 0-9 . _ - starting with a letter or digit)\n")]
    public async Task Healthz_ModelQuery_AnswersForThatModel_ABadParameterIs400NamingIt(string query, HttpStatusCode status, string body)
    {
        using var http = new HttpClient { BaseAddress = _server.Server.MetricsAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var healthz = await http.GetAsync(new Uri("/healthz" + query, UriKind.Relative));

        Assert.Equal(status, healthz.StatusCode);
        Assert.Equal(body, await healthz.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetricsPort_IsNotTheGrpcPort_AndServesNoGrpc()
    {
        Assert.NotEqual(new Uri(_server.Server.Address).Port, _server.Server.MetricsAddress!.Port);

        // The gRPC port (HTTP/2 over TLS) does not serve /metrics ...
        using var h2 = new HttpClient(TlsClient.Handler(_server.Pki, clientCertificate: null)) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(_server.Server.Address), "/metrics"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var onGrpcPort = await h2.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.OK, onGrpcPort.StatusCode);

        // ... and the metrics port (HTTP/1.1) answers no gRPC call.
        using var channel = GrpcChannel.ForAddress(_server.Server.MetricsAddress);
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.Models.ModelsClient(channel).ListModelsAsync(new ListModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
    }

    [Fact]
    public void Registry_IsThisServersOwn_NotTheStaticDefault()
    {
        var registry = _server.Server.App.Services.GetRequiredService<CollectorRegistry>();
        Assert.NotSame(Prometheus.Metrics.DefaultRegistry, registry);
        Assert.Same(registry, _server.Server.App.Services.GetRequiredService<ApplianceMetrics>().Registry);
    }

    /// <summary>
    /// The server after <see cref="MetricsServer.DriveLoadAsync"/> and its page scraped once, started
    /// once for the class: the tests read that scrape (and ask the ports nothing that would change it).
    /// </summary>
    public sealed class LoadedServer : IAsyncLifetime
    {
        private MetricsServer? _server;

        public MetricsServer Server => _server ?? throw new InvalidOperationException("not started");

        public Scrape Scrape { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await MetricsServer.StartAsync(fakeGpu: false);
            await _server.DriveLoadAsync();
            Scrape = Scrape.Parse(await _server.Server.ScrapeAsync());
        }

        public Task DisposeAsync() => _server?.DisposeAsync() ?? Task.CompletedTask;
    }
}
