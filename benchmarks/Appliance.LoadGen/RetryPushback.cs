using System.Globalization;
using Grpc.Core;

namespace Appliance.LoadGen;

/// <summary>The back-off a rejected call was asked to wait (the grpc-retry-pushback-ms trailer).</summary>
internal static class RetryPushback
{
    /// <summary>Null unless <paramref name="exception"/> is RESOURCE_EXHAUSTED with a pushback.</summary>
    public static TimeSpan? From(RpcException exception) =>
        exception.StatusCode == StatusCode.ResourceExhausted
        && int.TryParse(exception.Trailers.GetValue("grpc-retry-pushback-ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
