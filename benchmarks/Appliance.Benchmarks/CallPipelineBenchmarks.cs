using Appliance.Core.Generation;
using Appliance.Scheduling;
using Appliance.Server.Audit;
using Appliance.Server.Calls;
using Appliance.Server.Metrics;
using Appliance.Server.Models;
using Appliance.Server.Security;
using BenchmarkDotNet.Attributes;
using Grpc.HealthCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Benchmarks;

/// <summary>
/// What the call pipeline costs per call, outside the engine: deciding the call (identity,
/// authorisation, effective priority) and then every step around a successful Generate
/// (metrics count, audit start and end records into a running audit log, authorisation, a
/// quota lease and its token charge), for a configured client with quotas.
/// </summary>
[MemoryDiagnoser]
public class CallPipelineBenchmarks
{
    private const string Method = "/appliance.v1.Generation/Generate";

    private readonly string _auditFolder = Path.Combine(Path.GetTempPath(), "appliance-bench-audit-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly CallStart _start = new(Method, "qwen2.5-7b", "his", "his-0001", Priority.Urgent, CallerCredentials.None);
    private readonly CallOutcome _outcome = new()
    {
        PromptTokens = 500, CompletionTokens = 200, Queue = TimeSpan.FromMilliseconds(3), Total = TimeSpan.FromSeconds(4), FinishReason = FinishReason.Stop,
    };

    private CallPipeline _pipeline = null!;
    private CallContextFactory _factory = null!;
    private AuditLog _audit = null!;

    [GlobalSetup]
    public void Setup()
    {
        var clients = new ClientsOptions();
        clients.Clients["his"] = new ClientRegistration
        {
            AllowedModels = ["qwen2.5-7b"], PriorityCeiling = Priority.Normal, MaxConcurrentCalls = 1000, TokensPerMinute = long.MaxValue / 4,
        };
        var directory = ClientDirectory.Fixed(clients, new SchedulerOptions());
        var time = TimeProvider.System;
        var instruments = new ApplianceMetrics(Prometheus.Metrics.NewCustomRegistry());
        var throttle = new FailedAuthenticationThrottle(
            Options.Create(new SecurityOptions()), time, instruments, NullLogger<FailedAuthenticationThrottle>.Instance);
        _factory = new CallContextFactory(new CallAccessResolver(new ClientAuthenticator(directory), directory, throttle, time), directory, time);

        var ids = new ConfiguredModelIds();
        ids.Publish(["qwen2.5-7b"]);
        var metrics = new MetricsStep(instruments, new MetricLabels(ids, directory));
        _audit = new AuditLog(Options.Create(new AuditOptions { Directory = _auditFolder }), time, NullLogger<AuditLog>.Instance);
        _audit.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        var models = new ModelHost(Options.Create(new SchedulerOptions()), [], new HealthReporter(new HealthServiceImpl()), time, NullLoggerFactory.Instance);
        var refusals = new CallRefusals(NullSchedulerObserver.Instance, NullLogger<CallRefusals>.Instance);
        _pipeline = new CallPipeline(
            _factory, NullSchedulerObserver.Instance, throttle, metrics, new AuditStep(_audit, models), new AuthorizationStep(refusals), new QuotaStep(new ClientQuotas(time), refusals), models);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _audit.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_auditFolder, recursive: true);
    }

    /// <summary>Deciding the call once: identity, authorisation, the priority after the ceiling.</summary>
    [Benchmark(Baseline = true)]
    public Priority Decide() => _factory.Create(_start).Priority;

    /// <summary>The whole pipeline around a successful call: decide, every step's Begin, the outcome, every step's End.</summary>
    [Benchmark]
    public long WholePipeline()
    {
        var call = _pipeline.Create(_start);
        _pipeline.Begin(call);
        call.Complete(_outcome);
        call.Status = CallStatus.OK;
        _pipeline.End(call);
        return call.TokensUsed;
    }
}
