namespace Appliance.Cli.Metrics;

/// <summary>One gRPC method's calls and failures (any status but OK) per second over the window, and since the server started.</summary>
internal sealed record MethodRate(string Method, double PerSecond, double ErrorsPerSecond, double Calls, double FailedCalls)
{
    /// <summary>Share of the window's calls that failed, or null when there were none.</summary>
    public double? ErrorRatio => PerSecond > 0 ? ErrorsPerSecond / PerSecond : null;
}
