using System.Net;

namespace Appliance.Server.Security;

/// <summary>A gRPC listen address from configuration, with the key that sets it.</summary>
/// <param name="Key">The configuration key, e.g. <c>Kestrel:Endpoints:Grpc:Url</c>.</param>
/// <param name="Url">The address as configured.</param>
internal sealed record GrpcEndpoint(string Key, string Url)
{
    /// <summary>Kestrel's address when nothing is configured.</summary>
    public const string KestrelDefaultUrl = "http://localhost:5000";

    /// <summary>Served over TLS.</summary>
    public bool IsHttps => Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reachable only from the box: localhost, a loopback IP, or a Unix socket. <c>*</c>, <c>+</c>,
    /// <c>0.0.0.0</c>, host names and other addresses count as network-reachable.
    /// </summary>
    public bool IsLoopback
    {
        get
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(Url);
            }
            catch (FormatException)
            {
                // Kestrel refuses it at bind time with its own error.
                return false;
            }

            if (address.IsUnixPipe)
            {
                return true;
            }

            var host = address.Host.Trim('[', ']');
            return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
        }
    }

    /// <summary>
    /// The gRPC addresses Kestrel will bind, in its own order of precedence: every
    /// <c>Kestrel:Endpoints:&lt;name&gt;:Url</c>; else <c>urls</c> (ASPNETCORE_URLS, --urls);
    /// else <c>http_ports</c>/<c>https_ports</c>; else Kestrel's default. The metrics port is
    /// added in code, not configuration, and is never one of them.
    /// </summary>
    public static IReadOnlyList<GrpcEndpoint> Read(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Where(e => !string.IsNullOrWhiteSpace(e["Url"]))
            .Select(e => new GrpcEndpoint($"Kestrel:Endpoints:{e.Key}:Url", e["Url"]!))
            .ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        endpoints.AddRange(Split(configuration["urls"]).Select(url => new GrpcEndpoint("urls (ASPNETCORE_URLS, --urls)", url)));
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        endpoints.AddRange(Split(configuration["http_ports"]).Select(port => new GrpcEndpoint("http_ports (ASPNETCORE_HTTP_PORTS)", $"http://*:{port}")));
        endpoints.AddRange(Split(configuration["https_ports"]).Select(port => new GrpcEndpoint("https_ports (ASPNETCORE_HTTPS_PORTS)", $"https://*:{port}")));
        return endpoints.Count > 0 ? endpoints : [new GrpcEndpoint("Kestrel:Endpoints:Grpc:Url (not set, Kestrel's default)", KestrelDefaultUrl)];
    }

    private static string[] Split(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
