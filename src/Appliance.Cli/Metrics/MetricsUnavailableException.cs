namespace Appliance.Cli.Metrics;

/// <summary>The metrics page could not be read; the message says why in a few words (for the screen's note).</summary>
internal sealed class MetricsUnavailableException : Exception
{
    public MetricsUnavailableException(string message)
        : base(message)
    {
    }

    public MetricsUnavailableException()
    {
    }

    public MetricsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
