using System.Globalization;
using Appliance.Cli.Metrics;
using Appliance.Contracts.V1;
using Grpc.Health.V1;

namespace Appliance.Cli.Formatting;

/// <summary>
/// Lays out <see cref="StatusReport"/> as the one-screen view of <c>appliancectl status</c>: a header
/// (build, uptime, addresses), the models with their queues, request rates per method, the GPUs and
/// the audit chain head.
/// Every line fits <see cref="ScreenText.Width"/> columns; colours only where <see cref="ScreenText"/> allows.
/// </summary>
internal static class StatusScreen
{
    private const int MaxMethodRows = 8;

    public static IReadOnlyList<string> Render(StatusReport report, ScreenText text)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        Header(report, text, lines);
        lines.Add(string.Empty);
        Models(report, text, lines);
        if (report.Figures is { } figures)
        {
            MemoryBudgets(report, figures, lines, text);
            lines.Add(string.Empty);
            Requests(figures, lines, text);
            lines.Add(string.Empty);
            Gpus(figures, lines, text);
            lines.Add(string.Empty);
            AuditHead(report, lines);
        }
        else
        {
            lines.Add(string.Empty);
            lines.AddRange(ScreenText.Wrap(
                "note: ",
                "queues, requests/s, GPUs, version and uptime come from the metrics page, which could not be read. "
                + $"Give its address with --metrics URL or ${MetricsScraper.EnvironmentVariable} (the server's Appliance:Metrics; "
                + $"default {MetricsScraper.DefaultAddress}, development server {MetricsScraper.DevelopmentAddress})."));
        }

        return lines;
    }

    private static void Header(StatusReport report, ScreenText text, List<string> lines)
    {
        var title = report.Figures is { } figures
            ? "Appliance " + (figures.Version ?? "(version unknown)")
                + (figures.Commit is { } commit ? $" ({(commit.Length > 12 ? commit[..12] : commit)})" : string.Empty)
                + (figures.Uptime is { } uptime ? ", up " + Units.Duration(uptime) : string.Empty)
            : "Appliance (version and uptime unknown without metrics)";
        if (report.Time is { } time)
        {
            var clock = time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            title = ScreenText.Truncate(title, ScreenText.Width - clock.Length - 2);
            title = title.PadRight(ScreenText.Width - clock.Length) + clock;
        }

        lines.Add(ScreenText.Truncate(title, ScreenText.Width));
        var (health, healthStyle) = report.ServerHealth switch
        {
            HealthCheckResponse.Types.ServingStatus.Serving => ("SERVING", ScreenStyle.Good),
            { } status => (ProtoNames.Of(status), ScreenStyle.Bad),
            null => ("health unknown", ScreenStyle.Warning),
        };
        lines.Add(Labelled("server", report.ServerAddress, health, healthStyle, text));
        lines.Add(report.MetricsProblem is { } problem
            ? Labelled("metrics", report.MetricsPage.ToString(), "UNREACHABLE (" + problem + ")", ScreenStyle.Bad, text)
            : ScreenText.Truncate("metrics  " + report.MetricsPage, ScreenText.Width));
        if (report.Figures is { Certificates.Count: > 0 } withTls)
        {
            lines.Add(Certificates(withTls.Certificates, text));
        }
    }

    /// <summary>"tls      server certificate expires in 83 d, client CA in 3649 d": yellow under 30 days, red under 7 (the alerts' thresholds).</summary>
    private static string Certificates(IReadOnlyList<(string Certificate, TimeSpan Left)> certificates, ScreenText text)
    {
        var parts = certificates.Select(c =>
        {
            var name = c.Certificate == "client_ca" ? "client CA" : c.Certificate + " certificate";
            var left = c.Left <= TimeSpan.Zero ? "EXPIRED" : "expires in " + Units.Duration(c.Left);
            var style = c.Left < TimeSpan.FromDays(7) ? ScreenStyle.Bad : c.Left < TimeSpan.FromDays(30) ? ScreenStyle.Warning : ScreenStyle.Good;
            return text.Paint($"{name} {left}", style);
        });
        return "tls      " + string.Join(", ", parts);
    }

    /// <summary>"label    address: STATE", the address cut so the state always shows.</summary>
    private static string Labelled(string label, string address, string state, ScreenStyle style, ScreenText text)
    {
        var head = label.PadRight(9);
        state = ScreenText.Truncate(state, ScreenText.Width - head.Length - 14);
        var room = ScreenText.Width - head.Length - 2 - state.Length;
        return head + ScreenText.Truncate(address, room) + ": " + text.Paint(state, style);
    }

    private static void Models(StatusReport report, ScreenText text, List<string> lines)
    {
        if (report.Models.Count == 0)
        {
            lines.Add("no models configured (manifests go in the folders of Appliance:Models:ManifestDirectories)");
            return;
        }

        var table = new ScreenTable(
            new("MODEL"), new("KIND"), new("STATE"), new("RUNNING", true), new("WAITING", true), new("KV CACHE", true));
        foreach (var model in report.Models)
        {
            var ready = model.State == ModelState.Ready;
            var queue = report.Figures?.Queue(model.Id);
            string? Figure(Func<ModelQueue, string?> pick) =>
                !ready ? null : report.Figures is null ? "?" : queue is null ? null : pick(queue);
            table.AddRow(
                [
                    new(model.Id),
                    new(ProtoNames.Of(model.Kind)),
                    StateCell(model.State),
                    new(Figure(q => Units.Count(q.Running))),
                    new(Figure(q => Units.Count(q.Waiting))),
                    new(model.Kind == ModelKind.TextGeneration ? Figure(q => q.KvCacheUsage is { } kv ? Units.Percent(kv) : null) : null),
                ],
                Details(model));
        }

        lines.AddRange(table.Render(text));
    }

    private static ScreenTable.Cell StateCell(ModelState state) => state switch
    {
        ModelState.Ready => new("READY", ScreenStyle.Good),
        ModelState.Loading => new("LOADING", ScreenStyle.Warning),
        ModelState.Failed => new("FAILED", ScreenStyle.Bad),
        _ => new(ProtoNames.Of(state).ToUpperInvariant(), ScreenStyle.Warning),
    };

    private static IReadOnlyList<string> Details(ModelInfo model) => model.State switch
    {
        ModelState.Failed => ScreenText.Wrap("  failed: ", string.IsNullOrEmpty(model.FailureReason) ? "no reason given" : model.FailureReason),
        ModelState.Loading => [$"  loading ({model.LoadPercent} %): checking the sha256 of the weights, then loading them"],
        ModelState.Available => [model.Load == "on_demand" ? "  not loaded: loads on the first call" : "  not loaded: appliancectl models load " + model.Id, .. Memory(model)],
        ModelState.Draining => ["  draining: finishing its running calls before it unloads"],
        _ when model.Backend.Length > 0 => [ScreenText.Truncate("  backend: " + model.Backend, ScreenText.Width), .. Memory(model)],
        _ => Memory(model),
    };

    /// <summary>"  memory: host 1.2 GiB, gpu0 7.9 GiB (estimated)", or nothing when the server has no estimate.</summary>
    private static IReadOnlyList<string> Memory(ModelInfo model) => model.MemoryEstimate.Count == 0
        ? []
        : [ScreenText.Truncate("  memory: " + string.Join(", ", model.MemoryEstimate.Select(d => $"{d.Device} {Units.Bytes(d.TotalBytes)}")) + " (estimated)", ScreenText.Width)];

    /// <summary>Each budgeted device: budget, what the resident models' estimates take of it, and which models.</summary>
    private static void MemoryBudgets(StatusReport report, ApplianceFigures figures, List<string> lines, ScreenText text)
    {
        if (figures.MemoryBudgets.Count == 0)
        {
            return;
        }

        lines.Add(string.Empty);
        var table = new ScreenTable(new("DEVICE"), new("BUDGET", true), new("USED", true), new("SHARE", true), new("MODELS (ESTIMATE)", Shrinks: true));
        foreach (var budget in figures.MemoryBudgets)
        {
            var share = budget.BudgetBytes > 0 ? budget.UsedBytes / budget.BudgetBytes : double.NaN;
            var models = report.Models
                .Where(m => m.State == ModelState.Ready)
                .SelectMany(m => m.MemoryEstimate.Where(d => d.Device == budget.Device).Select(d => $"{m.Id} {Units.Bytes(d.TotalBytes)}"));
            table.AddRow(
            [
                new(budget.Device),
                new(Units.Bytes(budget.BudgetBytes)),
                new(Units.Bytes(budget.UsedBytes)),
                new(Units.Percent(share), share >= 0.95 ? ScreenStyle.Bad : share >= 0.85 ? ScreenStyle.Warning : ScreenStyle.Plain),
                new(string.Join(", ", models)),
            ]);
        }

        lines.AddRange(table.Render(text));
    }

    private static void Requests(ApplianceFigures figures, List<string> lines, ScreenText text)
    {
        lines.Add($"requests: RATE and ERRORS over the last {Units.Seconds(figures.Window)}, CALLS and FAILED since start");
        var table = new ScreenTable(new("METHOD"), new("RATE", true), new("ERRORS", true), new("CALLS", true), new("FAILED", true));
        foreach (var method in figures.Methods.Take(MaxMethodRows))
        {
            table.AddRow(MethodCells(ShortMethod(method.Method), method));
        }

        table.AddRow(MethodCells(figures.Methods.Count > MaxMethodRows ? $"all {figures.Methods.Count} methods" : "all methods", figures.Total));
        lines.AddRange(table.Render(text));
    }

    private static ScreenTable.Cell[] MethodCells(string name, MethodRate rate) =>
    [
        new(name),
        new(Units.PerSecond(rate.PerSecond)),
        rate.ErrorRatio is { } errors ? new(Units.Percent(errors), errors > 0 ? ScreenStyle.Bad : ScreenStyle.Plain) : new(null),
        new(Units.Count(rate.Calls)),
        new(Units.Count(rate.FailedCalls), rate.FailedCalls > 0 ? ScreenStyle.Warning : ScreenStyle.Plain),
    ];

    /// <summary>"/appliance.v1.Generation/Generate" → "Generation/Generate"; "/grpc.health.v1.Health/Check" → "Health/Check".</summary>
    internal static string ShortMethod(string method)
    {
        var trimmed = method.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var dot = slash < 0 ? -1 : trimmed.LastIndexOf('.', slash);
        return trimmed.Length == 0 ? "(none)" : trimmed[(dot + 1)..];
    }

    /// <summary>The head in two lines (the hash alone fills 64 columns), so IT can copy it as an anchor.</summary>
    private static void AuditHead(StatusReport report, List<string> lines)
    {
        if (report.AuditHead is { } head)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"audit    head {head.Sequence} (record it off the box: appliancectl audit head)"));
            lines.Add("         hash " + head.Hash);
            return;
        }

        lines.Add(ScreenText.Truncate("audit    head unknown: " + (report.AuditHeadProblem ?? "not read"), ScreenText.Width));
    }

    private static void Gpus(ApplianceFigures figures, List<string> lines, ScreenText text)
    {
        if (!figures.GpuMetricsUp || figures.Gpus.Count == 0)
        {
            lines.Add("GPU      no GPU metrics (appliance_gpu_metrics_up 0: no NVIDIA driver answered)");
            return;
        }

        var table = new ScreenTable(new("GPU"), new("NAME", Shrinks: true), new("MEMORY USED / TOTAL", true), new("USED", true), new("BUSY", true));
        foreach (var gpu in figures.Gpus)
        {
            var share = gpu.MemoryUsedBytes / gpu.MemoryTotalBytes;
            table.AddRow(
            [
                new(gpu.Index),
                new(gpu.Name),
                new(Units.Bytes(gpu.MemoryUsedBytes) + " / " + Units.Bytes(gpu.MemoryTotalBytes)),
                new(Units.Percent(share), share >= 0.95 ? ScreenStyle.Bad : share >= 0.85 ? ScreenStyle.Warning : ScreenStyle.Plain),
                new(double.IsNaN(gpu.Utilization) ? null : Units.Percent(gpu.Utilization)),
            ]);
        }

        lines.AddRange(table.Render(text));
    }
}
