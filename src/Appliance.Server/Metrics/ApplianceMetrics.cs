using Prometheus;

namespace Appliance.Server.Metrics;

/// <summary>
/// Every <c>appliance_*</c> instrument, created on the injected registry (never prometheus-net's
/// static default one, so each server and each test has its own). The catalogue, label sets and
/// bucket edges are documented in docs/metrics.md; a test keeps the two in agreement.
/// </summary>
internal sealed class ApplianceMetrics
{
    /// <summary>SLO edges: time to first token 2 s, inter-token latency 100 ms, queue time 1 s (docs/metrics.md).</summary>
    private static readonly double[] QueueBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
    private static readonly double[] FirstTokenBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60];
    private static readonly double[] InterTokenBuckets = [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5];
    private static readonly double[] DurationBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];
    private static readonly double[] StepBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    /// <summary>Phases of a step range from microseconds (planning) to seconds (a CPU prefill).</summary>
    private static readonly double[] PhaseBuckets = [0.00001, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    public ApplianceMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var f = Prometheus.Metrics.WithCustomRegistry(registry);

        Requests = f.CreateCounter("appliance_requests_total", "gRPC calls by final status.", "method", "model", "client", "priority", "grpc_code");
        Rejected = f.CreateCounter("appliance_requests_rejected_total", "Requests refused before queueing, by reason.", "model", "client", "reason");
        AuthenticationThrottled = f.CreateCounter(
            "appliance_authentication_throttled_total", "Calls refused without checking credentials: their source address failed authentication too often.");
        Finished = f.CreateCounter("appliance_requests_finished_total", "Generations that ended, by why they ended.", "model", "priority", "finish_reason");

        QueueTime = NewHistogram(f, "appliance_queue_time_seconds", "Time from submission to admission into the engine.", QueueBuckets, "model", "priority");
        TimeToFirstToken = NewHistogram(f, "appliance_time_to_first_token_seconds", "Time from submission to the first generated token.", FirstTokenBuckets, "model", "priority");
        InterTokenLatency = NewHistogram(f, "appliance_inter_token_latency_seconds", "Time between consecutive generated tokens of a request.", InterTokenBuckets, "model");
        RequestDuration = NewHistogram(f, "appliance_request_duration_seconds", "Time from submission to the end of a generation.", DurationBuckets, "model", "priority");
        PromptTokens = NewHistogram(f, "appliance_prompt_tokens", "Prompt tokens per finished request.", Histogram.ExponentialBuckets(8, 2, 13), "model");
        GenerationTokens = NewHistogram(f, "appliance_generation_tokens", "Generated tokens per finished request.", Histogram.ExponentialBuckets(1, 2, 14), "model");

        PromptTokensTotal = f.CreateCounter("appliance_prompt_tokens_total", "Prompt tokens of finished requests.", "model", "client");
        GenerationTokensTotal = f.CreateCounter("appliance_generation_tokens_total", "Tokens generated.", "model", "client");
        PromptTokensCached = f.CreateCounter("appliance_prompt_tokens_cached_total", "Prompt tokens served from a reused KV prefix.", "model");
        ReasoningTokens = f.CreateCounter(
            "appliance_reasoning_tokens_total", "Of the tokens generated, those of a reasoning model's reasoning (a count; never its text).", "model");
        Preemptions = f.CreateCounter("appliance_preemptions_total", "Running batch-class requests that gave up their slot to urgent work.", "model");
        StructuredRequests = f.CreateCounter("appliance_structured_requests_total", "Generations queued with a response format, by mode.", "model", "mode");
        StructuredResults = f.CreateCounter(
            "appliance_structured_results_total", "Generations with a response format that ended, by mode and result (valid, incomplete, invalid).", "model", "mode", "result");

        TaskRuns = f.CreateCounter(
            "appliance_task_runs_total",
            "Task runs that produced a checked answer, by family, variant and grounding policy outcome (grounded, annotated, retried_grounded, retried_annotated, rejected).",
            "task", "variant", "outcome");
        TaskSchemaFailures = f.CreateCounter(
            "appliance_task_schema_failures_total", "Task answers that did not satisfy the output schema (cut at max_tokens, or invalid), by family and variant.", "task", "variant");
        TaskGroundingItems = f.CreateCounter(
            "appliance_task_grounding_items_total", "Checkable items of task answers, by family, variant and result (grounded, ungrounded); every attempt counts.", "task", "variant", "result");

        Running = f.CreateGauge("appliance_requests_running", "Requests holding a sequence slot.", "model");
        Waiting = f.CreateGauge("appliance_requests_waiting", "Requests queued for a sequence slot.", "model");
        WaitingLimit = f.CreateGauge("appliance_requests_waiting_limit", "Most requests that may wait per model before calls get ResourceExhausted.", "model");
        KvCacheUsage = f.CreateGauge("appliance_kv_cache_usage_ratio", "KV cache cells held by running sequences / the model's KV capacity.", "model");
        BatchSize = NewHistogram(f, "appliance_batch_size", "Sequences per engine step.", Histogram.ExponentialBuckets(1, 2, 9), "model");
        StepDuration = NewHistogram(f, "appliance_step_duration_seconds", "Time of one engine step.", StepBuckets, "model");
        StepPhase = NewHistogram(
            f, "appliance_step_phase_seconds",
            "Time of one generation worker iteration by phase: admit, plan, decode (native), sample (engine around the decode), route.", PhaseBuckets, "model", "phase");

        ModelState = f.CreateGauge("appliance_model_state", "1 for the model's current state (available, loading, ready, draining, failed), 0 for the others.", "model", "state");
        ModelLoads = f.CreateCounter("appliance_model_loads_total", "Model loads by outcome (ready, failed, refused by the memory budget): at start, by an administrator, on demand, swaps.", "model", "outcome");
        ModelUnloads = f.CreateCounter("appliance_model_unloads_total", "Models unloaded while serving, by why (admin, removed, evicted, reload).", "model", "reason");
        ModelReloads = f.CreateCounter("appliance_model_reloads_total", "Version swaps by outcome (beside, drained_first, failed).", "model", "outcome");
        ModelLoadDuration = f.CreateGauge("appliance_model_load_duration_seconds", "Time to verify and load the model the last time it became ready.", "model");

        ModelMemory = f.CreateGauge(
            "appliance_model_memory_bytes", "Estimated memory of each resident model, per device (host, gpu0...), from its files before it loaded.", "model", "device");
        MemoryBudget = f.CreateGauge("appliance_memory_budget_bytes", "What resident models' estimates may add up to on the device (Appliance:Memory, less the reserve).", "device");
        MemoryBudgetUsed = f.CreateGauge("appliance_memory_budget_used_bytes", "Resident models' estimates on a device that has a budget.", "device");
        GpuUp = f.CreateGauge("appliance_gpu_metrics_up", "1 when NVML answered at the last scrape, 0 where there is no NVIDIA driver.");
        GpuInfo = f.CreateGauge("appliance_gpu_info", "1 per GPU, labelled with its product name.", "gpu", "name");
        GpuMemoryUsed = f.CreateGauge("appliance_gpu_memory_used_bytes", "GPU memory in use.", "gpu");
        GpuMemoryTotal = f.CreateGauge("appliance_gpu_memory_total_bytes", "GPU memory installed.", "gpu");
        GpuUtilization = f.CreateGauge("appliance_gpu_utilization_ratio", "Share of the last sample period a kernel ran on the GPU.", "gpu");
        GpuTemperature = f.CreateGauge("appliance_gpu_temperature_celsius", "GPU core temperature.", "gpu");

        BuildInfo = f.CreateGauge("appliance_build_info", "Always 1: the running build.", "version", "commit");
        AuditHeadSequence = f.CreateGauge("appliance_audit_head_sequence", "Sequence of the last audit record flushed to disk (the chain head); 0 before the first or when the audit log is off.");
        CertificateExpiry = f.CreateGauge(
            "appliance_certificate_expiry_seconds",
            "Seconds until a TLS certificate expires (negative: expired): certificate=\"server\" (the one presented now) and \"client_ca\" (the soonest-expiring certificate of the client CA bundle). None when TLS is off.",
            "certificate");
        ConfigInForce = f.CreateGauge(
            "appliance_config_in_force", "1 when the site file's current content is in force, 0 when a change was refused (deleted, malformed, invalid) and the previous content stays.", "file");
    }

    public CollectorRegistry Registry { get; }

    public Gauge ModelMemory { get; }
    public Gauge MemoryBudget { get; }
    public Gauge MemoryBudgetUsed { get; }

    public Gauge CertificateExpiry { get; }

    public Counter Requests { get; }
    public Counter Rejected { get; }
    public Counter AuthenticationThrottled { get; }
    public Counter Finished { get; }
    public Histogram QueueTime { get; }
    public Histogram TimeToFirstToken { get; }
    public Histogram InterTokenLatency { get; }
    public Histogram RequestDuration { get; }
    public Histogram PromptTokens { get; }
    public Histogram GenerationTokens { get; }
    public Counter PromptTokensTotal { get; }
    public Counter GenerationTokensTotal { get; }
    public Counter PromptTokensCached { get; }
    public Counter ReasoningTokens { get; }
    public Counter Preemptions { get; }
    public Counter StructuredRequests { get; }
    public Counter StructuredResults { get; }
    public Counter TaskRuns { get; }
    public Counter TaskSchemaFailures { get; }
    public Counter TaskGroundingItems { get; }
    public Gauge Running { get; }
    public Gauge Waiting { get; }
    public Gauge WaitingLimit { get; }
    public Gauge KvCacheUsage { get; }
    public Histogram BatchSize { get; }
    public Histogram StepDuration { get; }
    public Histogram StepPhase { get; }
    public Gauge ModelState { get; }
    public Counter ModelLoads { get; }
    public Counter ModelUnloads { get; }
    public Counter ModelReloads { get; }
    public Gauge ModelLoadDuration { get; }
    public Gauge GpuUp { get; }
    public Gauge GpuInfo { get; }
    public Gauge GpuMemoryUsed { get; }
    public Gauge GpuMemoryTotal { get; }
    public Gauge GpuUtilization { get; }
    public Gauge GpuTemperature { get; }
    public Gauge BuildInfo { get; }
    public Gauge AuditHeadSequence { get; }
    public Gauge ConfigInForce { get; }

    private static Histogram NewHistogram(MetricFactory factory, string name, string help, double[] buckets, params string[] labels) =>
        factory.CreateHistogram(name, help, labels, new HistogramConfiguration { Buckets = buckets });
}
