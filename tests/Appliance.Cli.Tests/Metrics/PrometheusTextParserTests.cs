using Appliance.Cli.Metrics;

namespace Appliance.Cli.Tests.Metrics;

/// <summary>appliancectl's own reader of the Prometheus text format (the status screen's source).</summary>
public sealed class PrometheusTextParserTests
{
    [Fact]
    public void Parse_PageWithCommentsLabelsAndSpecialValues_ReadsEverySample()
    {
        var page = PrometheusTextParser.Parse(
            "# HELP appliance_requests_total gRPC calls.\r\n"
            + "# TYPE appliance_requests_total counter\r\n"
            + "appliance_requests_total{method=\"/appliance.v1.Generation/Generate\",model=\"tiny\",grpc_code=\"OK\"} 12\r\n"
            + "\n"
            + "# a free comment\n"
            + "appliance_gpu_metrics_up 0\n"
            + "  appliance_queue_time_seconds_bucket{model=\"tiny\",le=\"+Inf\"} 3 1700000000000\n"
            + "appliance_gpu_utilization_ratio{gpu=\"0\"} NaN\n"
            + "odd_value{a=\"x\"} -Inf\n"
            + "process_start_time_seconds 1.7e9\n"
            + "empty_labels{} 1\n"
            + "trailing_comma{a=\"1\",} 2\n"
            + "spaced { a = \"1\" , b=\"2\" }\t5\n");

        Assert.Equal(9, page.Samples.Count);
        Assert.Equal("counter", page.Types["appliance_requests_total"]);
        var requests = Assert.Single(page.Series("appliance_requests_total"));
        Assert.Equal("/appliance.v1.Generation/Generate", requests.Label("method"));
        Assert.Equal("OK", requests.Label("grpc_code"));
        Assert.Equal(string.Empty, requests.Label("client"));
        Assert.Equal(12, requests.Value);
        Assert.Equal(0, page.Value("appliance_gpu_metrics_up"));
        Assert.Equal(3, page.Value("appliance_queue_time_seconds_bucket", ("le", "+Inf")));
        Assert.True(double.IsNaN(page.Value("appliance_gpu_utilization_ratio")!.Value));
        Assert.Equal(double.NegativeInfinity, page.Value("odd_value"));
        Assert.Equal(1.7e9, page.Value("process_start_time_seconds"));
        Assert.Empty(Assert.Single(page.Series("empty_labels")).Labels);
        Assert.Equal("1", Assert.Single(page.Series("trailing_comma")).Label("a"));
        Assert.Equal(5, page.Value("spaced", ("a", "1"), ("b", "2")));
    }

    [Fact]
    public void Parse_EscapedLabelValues_Unescaped()
    {
        var page = PrometheusTextParser.Parse("appliance_gpu_info{gpu=\"0\",name=\"a \\\"quoted\\\" back\\\\slash\\nnew line, {braces}\"} 1\n");

        Assert.Equal("a \"quoted\" back\\slash\nnew line, {braces}", Assert.Single(page.Samples).Label("name"));
    }

    [Fact]
    public void Sum_SelectsByLabels_AndIsZeroForAnAbsentMetric()
    {
        var page = PrometheusTextParser.Parse(
            "r{model=\"a\",grpc_code=\"OK\"} 2\nr{model=\"a\",grpc_code=\"NotFound\"} 3\nr{model=\"b\",grpc_code=\"OK\"} 7\n");

        Assert.Equal(5, page.Sum("r", ("model", "a")));
        Assert.Equal(9, page.Sum("r", ("grpc_code", "OK")));
        Assert.Equal(0, page.Sum("absent"));
        Assert.Null(page.Value("absent"));
    }

    [Theory]
    [InlineData("metric{a=\"1\" 2", "line 2: expected ',' or '}'")]
    [InlineData("metric{a=\"unterminated} 2", "line 2: unterminated label value")]
    [InlineData("metric twelve", "line 2: 'twelve' is not a number")]
    [InlineData("metric", "line 2: missing value")]
    [InlineData("metric 1 2 3", "line 2: unexpected '2 3'")]
    [InlineData("{a=\"1\"} 1", "line 2: expected a metric name")]
    [InlineData("metric{a=\"\\t\"} 1", "line 2: unknown escape '\\t'")]
    public void Parse_MalformedLine_ThrowsNamingTheLine(string line, string expected)
    {
        var exception = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# TYPE metric gauge\n" + line + "\n"));

        Assert.StartsWith(expected, exception.Message, StringComparison.Ordinal);
    }
}
