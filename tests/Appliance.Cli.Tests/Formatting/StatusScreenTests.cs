using System.Text.RegularExpressions;
using Appliance.Cli.Formatting;
using Appliance.Cli.Metrics;
using Appliance.Contracts.V1;
using Appliance.Core.Audit;
using Grpc.Health.V1;

namespace Appliance.Cli.Tests.Formatting;

/// <summary>The status screen's layout from fixed figures: 80 columns, units, colours only when asked, exit codes.</summary>
public sealed partial class StatusScreenTests
{
    private const HealthCheckResponse.Types.ServingStatus Serving = HealthCheckResponse.Types.ServingStatus.Serving;
    private static readonly Uri MetricsPage = new("http://127.0.0.1:9464/metrics");

    [Fact]
    public void Render_LongNamesReasonsAndGpus_EveryLineFitsEightyColumnsWithUnits()
    {
        var longId = "model-with-a-very-long-identifier-" + new string('x', 30);
        var reason = "invalid manifest: " + string.Join("; ", Enumerable.Range(1, 12).Select(i => $"/srv/appliance/models/m.json: key_{i}: problem number {i}"));
        var report = Report(
            [
                Model(longId, ModelState.Ready, backend: "llama.cpp CUDA, GPU offload available, /opt/appliance/versions/0.1.0/bin/server/runtimes/linux-x64/native/cuda12/libllama.so"),
                Model("broken", ModelState.Failed, reason: reason),
                Model("minilm", ModelState.Loading, ModelKind.Embedding),
            ],
            Figures(Gpus));

        var lines = StatusScreen.Render(report, new ScreenText(colour: false));

        Assert.All(lines, line => Assert.True(line.Length <= ScreenText.Width, $"{line.Length} columns: {line}"));
        Assert.DoesNotContain(lines, line => line.Contains('\u001b', StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("model-with-a-very-long-...  text-generation  READY", StringComparison.Ordinal));
        Assert.Contains("  backend: llama.cpp CUDA, GPU offload available, /opt/", lines.Single(l => l.Contains("backend:", StringComparison.Ordinal)), StringComparison.Ordinal);
        var failed = lines.SkipWhile(l => !l.StartsWith("broken", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, failed.Count);
        Assert.StartsWith("  failed: invalid manifest: /srv/appliance/models/m.json: key_1: problem", failed[0], StringComparison.Ordinal);
        Assert.EndsWith("...", failed[^1], StringComparison.Ordinal);
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^minilm\s+embedding\s+LOADING\s+-\s+-\s+-$"));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^0\s+NVIDIA H100 80GB HBM3\s+30\.0 GiB / 80\.0 GiB\s+38 %\s+42 %$"));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^1\s+NVIDIA H100 80GB HBM3\s+78\.0 GiB / 80\.0 GiB\s+98 %\s+-$"));
        Assert.Equal("Appliance 0.1.0 (0123456789ab), up 1 h 02 min", lines[0]);
    }

    [Fact]
    public void Render_Colour_PaintsStatesWithoutChangingTheLayout()
    {
        var report = Report([Model("tiny", ModelState.Ready), Model("bad", ModelState.Failed, reason: "sha256 mismatch")], Figures(Gpus));

        var plain = StatusScreen.Render(report, new ScreenText(colour: false));
        var coloured = StatusScreen.Render(report, new ScreenText(colour: true));

        Assert.Contains(coloured, line => line.Contains("\u001b[32mREADY\u001b[0m", StringComparison.Ordinal));
        Assert.Contains(coloured, line => line.Contains("\u001b[1;31mFAILED\u001b[0m", StringComparison.Ordinal));
        Assert.Equal(plain, coloured.Select(line => Ansi().Replace(line, string.Empty)));
    }

    [Fact]
    public void Render_CertificateExpiry_OneLineWithTimeLeft_ColouredByTheAlertThresholds()
    {
        var report = Report(
            [Model("tiny", ModelState.Ready)],
            Figures("appliance_certificate_expiry_seconds{certificate=\"server\"} 518400\nappliance_certificate_expiry_seconds{certificate=\"client_ca\"} 315360000\n"));

        var plain = StatusScreen.Render(report, new ScreenText(false));
        var coloured = StatusScreen.Render(report, new ScreenText(true));

        Assert.Contains("tls      server certificate expires in 6 d 00 h, client CA expires in 3650 d 00 h", plain);
        var line = Assert.Single(coloured, l => l.Contains("server certificate", StringComparison.Ordinal));
        Assert.Contains("\u001b[1;31mserver certificate", line, StringComparison.Ordinal); // red: under 7 days
        Assert.DoesNotContain(StatusScreen.Render(Report([Model("tiny", ModelState.Ready)], Figures(Gpus)), new ScreenText(false)), l => l.StartsWith("tls", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_MemoryBudgets_EachModelsEstimateAndEachDevicesBudgetUse()
    {
        var tiny = Model("tiny", ModelState.Ready, backend: "llama.cpp CPU");
        tiny.MemoryEstimate.Add(new DeviceMemory { Device = "host", TotalBytes = 3L << 30 });
        tiny.MemoryEstimate.Add(new DeviceMemory { Device = "gpu0", TotalBytes = 70L << 30 });
        var report = Report(
            [tiny, Model("big", ModelState.Failed, reason: "it does not fit in the memory budget: gpu0 needs an estimated 20.0 GiB")],
            Figures(Gpus + "appliance_memory_budget_bytes{device=\"gpu0\"} 77309411328\nappliance_memory_budget_used_bytes{device=\"gpu0\"} 75161927680\n"
                + "appliance_memory_budget_bytes{device=\"host\"} 107374182400\nappliance_memory_budget_used_bytes{device=\"host\"} 3221225472\n"));

        var lines = StatusScreen.Render(report, new ScreenText(colour: false));

        Assert.Contains("  memory: host 3.0 GiB, gpu0 70.0 GiB (estimated)", lines);
        var devices = lines.Where(l => Regex.IsMatch(l, "^(host|gpu0) ")).ToList();
        Assert.Equal(2, devices.Count);
        Assert.Matches(@"^host\s+100\.0 GiB\s+3\.0 GiB\s+3\.0 %\s+tiny 3\.0 GiB$", devices[0]);
        Assert.Matches(@"^gpu0\s+72\.0 GiB\s+70\.0 GiB\s+97 %\s+tiny 70\.0 GiB$", devices[1]);
        Assert.All(lines, line => Assert.True(line.Length <= ScreenText.Width, line));
    }

    [Fact]
    public void Render_NoGpuMetrics_SaysSoInOneLine()
    {
        var lines = StatusScreen.Render(Report([Model("tiny", ModelState.Ready)], Figures("appliance_gpu_metrics_up 0\n")), new ScreenText(false));

        Assert.Contains("GPU      no GPU metrics (appliance_gpu_metrics_up 0: no NVIDIA driver answered)", lines);
    }

    [Fact]
    public void Render_MetricsUnreadable_ModelsWithUnknownQueuesAndANoteNamingTheOption()
    {
        var report = Report([Model("tiny", ModelState.Ready)], figures: null) with { MetricsProblem = "Connection refused" };

        var lines = StatusScreen.Render(report, new ScreenText(false));

        Assert.Equal("metrics  http://127.0.0.1:9464/metrics: UNREACHABLE (Connection refused)", lines[2]);
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^tiny\s+text-generation\s+READY\s+\?\s+\?\s+\?$"));
        var note = string.Join(" ", lines.SkipWhile(l => !l.StartsWith("note:", StringComparison.Ordinal)).Select(l => l.Trim()));
        Assert.Contains("--metrics URL or $APPLIANCE_METRICS", note, StringComparison.Ordinal);
        Assert.Contains("development server http://127.0.0.1:5081", note, StringComparison.Ordinal);
        Assert.All(lines, line => Assert.True(line.Length <= ScreenText.Width, line));
    }

    [Fact]
    public void Render_AuditHead_SequenceAndFullHashWithinEightyColumns_OrWhyNot()
    {
        var hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        var report = Report([Model("tiny", ModelState.Ready)], Figures(Gpus));

        var shown = StatusScreen.Render(report with { AuditHead = new AuditAnchor(1_234_567_890, hash) }, new ScreenText(false));
        var off = StatusScreen.Render(report with { AuditHeadProblem = "HTTP 404 Not Found: audit log disabled (Appliance:Audit:Enabled=false)" }, new ScreenText(false));

        Assert.Equal(["audit    head 1234567890 (record it off the box: appliancectl audit head)", "         hash " + hash], shown.TakeLast(2));
        Assert.All(shown, line => Assert.True(line.Length <= ScreenText.Width, line));
        Assert.StartsWith("audit    head unknown: HTTP 404 Not Found: audit log disabled", off[^1], StringComparison.Ordinal);
        Assert.All(off, line => Assert.True(line.Length <= ScreenText.Width, line));
    }

    [Fact]
    public void ExitCodeOf_States_FailureFirstThenLoadingThenMetrics()
    {
        var figures = Figures(string.Empty);
        Assert.Equal(ExitCodes.Success, StatusCommand.ExitCodeOf(Report([Model("a", ModelState.Ready)], figures)));
        Assert.Equal(ExitCodes.ModelFailed, StatusCommand.ExitCodeOf(Report([Model("a", ModelState.Loading), Model("b", ModelState.Failed)], figures)));
        Assert.Equal(ExitCodes.NotServing, StatusCommand.ExitCodeOf(Report([Model("a", ModelState.Loading)], null)));
        Assert.Equal(ExitCodes.NotServing, StatusCommand.ExitCodeOf(Report([], figures)));
        Assert.Equal(ExitCodes.NotServing, StatusCommand.ExitCodeOf(
            Report([Model("a", ModelState.Ready)], figures) with { ServerHealth = HealthCheckResponse.Types.ServingStatus.NotServing }));
        Assert.Equal(ExitCodes.MetricsUnavailable, StatusCommand.ExitCodeOf(Report([Model("a", ModelState.Ready)], null)));
    }

    [Fact]
    public void LoadingLine_CountsModelsDoneAndNamesTheRest_WithinSeventyNineColumns()
    {
        Assert.Equal(
            "loading models 1/3 [######..............] 42 s of 600 s: b, c",
            LoadProgress.LoadingLine(1, 3, ["b", "c"], TimeSpan.FromSeconds(42.4), TimeSpan.FromSeconds(600)));
        Assert.Equal(
            "loading models 0/1 [....................] 0 s of 60 s: tiny",
            LoadProgress.LoadingLine(0, 1, ["tiny"], TimeSpan.Zero, TimeSpan.FromSeconds(60)));
        var crowded = LoadProgress.LoadingLine(2, 9, [.. Enumerable.Range(0, 7).Select(i => $"qwen2.5-14b-instruct-{i}")], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(600));
        Assert.Equal(79, crowded.Length);
        Assert.EndsWith("...", crowded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/appliance.v1.Generation/Generate", "Generation/Generate")]
    [InlineData("/grpc.health.v1.Health/Check", "Health/Check")]
    [InlineData("/Plain/Method", "Plain/Method")]
    [InlineData("", "(none)")]
    public void ShortMethod_DropsThePackage(string method, string expected)
    {
        Assert.Equal(expected, StatusScreen.ShortMethod(method));
    }

    [Theory]
    [InlineData(0, "0/s")]
    [InlineData(0.25, "0.25/s")]
    [InlineData(3.04, "3.0/s")]
    [InlineData(1234.5, "1235/s")]
    public void PerSecond_Units(double rate, string expected) => Assert.Equal(expected, Units.PerSecond(rate));

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(85_899_345_920, "80.0 GiB")]
    public void Bytes_Units(double bytes, string expected) => Assert.Equal(expected, Units.Bytes(bytes));

    [Theory]
    [InlineData(42, "42 s")]
    [InlineData(307, "5 min 07 s")]
    [InlineData(7500, "2 h 05 min")]
    [InlineData(273600, "3 d 04 h")]
    public void Duration_Units(double seconds, string expected) => Assert.Equal(expected, Units.Duration(TimeSpan.FromSeconds(seconds)));

    private const string Gpus =
        "appliance_gpu_metrics_up 1\n"
        + "appliance_gpu_info{gpu=\"0\",name=\"NVIDIA H100 80GB HBM3\"} 1\n"
        + "appliance_gpu_info{gpu=\"1\",name=\"NVIDIA H100 80GB HBM3\"} 1\n"
        + "appliance_gpu_memory_used_bytes{gpu=\"0\"} 32212254720\n"
        + "appliance_gpu_memory_total_bytes{gpu=\"0\"} 85899345920\n"
        + "appliance_gpu_utilization_ratio{gpu=\"0\"} 0.42\n"
        + "appliance_gpu_memory_used_bytes{gpu=\"1\"} 83751862272\n"
        + "appliance_gpu_memory_total_bytes{gpu=\"1\"} 85899345920\n"
        + "appliance_gpu_utilization_ratio{gpu=\"1\"} NaN\n";

    private static ApplianceFigures? Figures(string gpus)
    {
        var page = PrometheusTextParser.Parse(
            "appliance_build_info{version=\"0.1.0\",commit=\"0123456789abcdef0123\"} 1\n"
            + "process_start_time_seconds 1000\n"
            + "appliance_requests_running{model=\"tiny\"} 1\nappliance_requests_waiting{model=\"tiny\"} 3\n"
            + "appliance_kv_cache_usage_ratio{model=\"tiny\"} 0.125\n"
            + gpus);
        return ApplianceFigures.From(new MetricsWindow(page, page, TimeSpan.FromSeconds(1)), DateTimeOffset.FromUnixTimeSeconds(1000 + 3720));
    }

    private static StatusReport Report(IReadOnlyList<ModelInfo> models, ApplianceFigures? figures) =>
        new("http://127.0.0.1:5080", models, Serving, MetricsPage, figures, figures is null ? "Connection refused" : null);

    private static ModelInfo Model(string id, ModelState state, ModelKind kind = ModelKind.TextGeneration, string backend = "", string reason = "") =>
        new() { Id = id, Kind = kind, State = state, Backend = backend, FailureReason = reason };

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Ansi();
}
