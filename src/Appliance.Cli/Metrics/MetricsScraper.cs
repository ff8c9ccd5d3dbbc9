using System.Net.Sockets;
using Appliance.Core.Audit;

namespace Appliance.Cli.Metrics;

/// <summary>
/// Reads the appliance's metrics port (plain HTTP/1.1, no credentials, loopback by default): the
/// metrics page (<c>/metrics</c>) and the audit chain head (<c>/audit/head</c>). Every failure is a
/// <see cref="MetricsUnavailableException"/>.
/// </summary>
internal sealed class MetricsScraper
{
    public const string DefaultAddress = "http://127.0.0.1:9464";

    public const string EnvironmentVariable = "APPLIANCE_METRICS";

    /// <summary>The development profile's metrics port, named in hints.</summary>
    public const string DevelopmentAddress = "http://127.0.0.1:5081";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;

    /// <param name="http">The client to use (the caller owns it).</param>
    /// <param name="address">The metrics port's base address, or the page itself (see <see cref="PageAddress"/>).</param>
    public MetricsScraper(HttpClient http, string address)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        PageUri = PageAddress(address);
    }

    /// <summary>The page read, e.g. http://127.0.0.1:9464/metrics.</summary>
    public Uri PageUri { get; }

    /// <summary>The audit chain head on the same port, e.g. http://127.0.0.1:9464/audit/head.</summary>
    public Uri AuditHeadUri => new(PageUri, "/audit/head");

    /// <summary>$APPLIANCE_METRICS when set, else <see cref="DefaultAddress"/>.</summary>
    public static string DefaultFromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } address ? address : DefaultAddress;

    /// <summary>Null when <paramref name="address"/> is an absolute http:// or https:// URL; else why not.</summary>
    public static string? Validate(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"'{address}' is not a metrics address; expected e.g. {DefaultAddress} (the server's Appliance:Metrics address and port)";

    /// <summary>A base address ("http://host:port" or ".../") gets <c>/metrics</c>; any other path is used as given.</summary>
    public static Uri PageAddress(string address)
    {
        var uri = new Uri(address, UriKind.Absolute);
        return uri.AbsolutePath is "" or "/" ? new Uri(uri, "/metrics") : uri;
    }

    public async Task<MetricsPage> ScrapeAsync(CancellationToken cancellationToken)
    {
        var text = await GetAsync(PageUri, cancellationToken);
        try
        {
            return PrometheusTextParser.Parse(text);
        }
        catch (FormatException exception)
        {
            throw new MetricsUnavailableException($"not a Prometheus metrics page ({exception.Message})", exception);
        }
    }

    /// <summary>The server's audit chain head on disk (<c>SEQ:HASH</c>).</summary>
    public async Task<AuditAnchor> ReadAuditHeadAsync(CancellationToken cancellationToken)
    {
        var text = await GetAsync(AuditHeadUri, cancellationToken);
        return AuditAnchor.TryParse(text)
            ?? throw new MetricsUnavailableException($"not an audit head (expected {AuditAnchor.Format})");
    }

    /// <summary>The body of a GET; an error status is reported with the first line of its body (the server says why).</summary>
    private async Task<string> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var reason = text.Split('\n', 2)[0].Trim();
                throw new MetricsUnavailableException(
                    $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (reason.Length is > 0 and <= 200 ? $": {reason}" : string.Empty));
            }

            return text;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MetricsUnavailableException($"no answer within {Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException exception)
        {
            throw new MetricsUnavailableException(Innermost(exception).Message, exception);
        }
    }

    /// <summary>The innermost socket error says it most plainly ("Connection refused (127.0.0.1:9464)").</summary>
    private static Exception Innermost(HttpRequestException exception)
    {
        Exception found = exception;
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is SocketException or IOException or HttpRequestException)
            {
                found = current;
            }
        }

        return found;
    }
}
