using System.Text.Json;
using System.Text.RegularExpressions;

namespace Appliance.Server.Tests.Metrics;

/// <summary>One query of one dashboard panel.</summary>
public sealed record PanelQuery(string Panel, string RefId, string Expr);

/// <summary>Reads the shipped Grafana dashboard and finds metric names in PromQL.</summary>
public static partial class DashboardQueries
{
    /// <summary>Every target of every panel, rows' nested panels included.</summary>
    public static IReadOnlyList<PanelQuery> Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var queries = new List<PanelQuery>();
        Walk(json.RootElement.GetProperty("panels"), queries);
        return queries;
    }

    /// <summary>The query with Grafana's template variables replaced as the dashboard would when a model (and every box) is picked.</summary>
    public static string Substitute(string expr, string model) => expr
        .Replace("${model}", model, StringComparison.Ordinal)
        .Replace("$model", model, StringComparison.Ordinal)
        .Replace("$instance", ".*", StringComparison.Ordinal)
        .Replace("$__rate_interval", "5m", StringComparison.Ordinal);

    /// <summary>
    /// Metric names an expression reads (appliance_, process_ and dotnet_ families; histogram
    /// _bucket/_sum/_count folded to the family), leaving out recording-rule names (level:metric:ops).
    /// </summary>
    public static IReadOnlySet<string> MetricFamilies(string expr, IReadOnlySet<string> histograms) =>
        MetricName().Matches(expr).Select(m => m.Value).Select(name =>
        {
            foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal) && histograms.Contains(name[..^suffix.Length]))
                {
                    return name[..^suffix.Length];
                }
            }

            return name;
        }).ToHashSet(StringComparer.Ordinal);

    private static void Walk(JsonElement panels, List<PanelQuery> queries)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            var title = panel.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.TryGetProperty("expr", out var expr))
                    {
                        queries.Add(new PanelQuery(title, target.GetProperty("refId").GetString() ?? "", expr.GetString() ?? ""));
                    }
                }
            }

            if (panel.TryGetProperty("panels", out var nested))
            {
                Walk(nested, queries);
            }
        }
    }

    [GeneratedRegex(@"(?<![:\w])(appliance|process|dotnet)_[a-z0-9_]+(?![:\w])")]
    private static partial Regex MetricName();
}
