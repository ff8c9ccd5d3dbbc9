namespace Appliance.Server.Metrics;

/// <summary>Prometheus endpoint settings (configuration section <c>Appliance:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Metrics";

    /// <summary>Serve <c>/metrics</c> and <c>/healthz</c> on their own port. Off: no port is opened (metrics are still counted).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Address the metrics port binds to: an IP address (<c>127.0.0.1</c> for a Prometheus on the
    /// box, the management-network address otherwise) or <c>*</c> for every interface.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the metrics endpoint; must differ from the gRPC port. 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 9464;
}
