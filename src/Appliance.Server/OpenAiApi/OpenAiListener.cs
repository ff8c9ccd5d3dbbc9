using System.Net;
using Appliance.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// The OpenAI door's own Kestrel listener (HTTP/1.1 and HTTP/2; HTTP/1.1 only on plaintext, where
/// HTTP/2 would need prior knowledge). An <c>https://</c> URL takes Kestrel's HTTPS defaults, which
/// <see cref="TlsSetup"/> sets for every endpoint: the same server certificate, TLS 1.2+, and the
/// same client-certificate requirement and validation as the gRPC port.
/// </summary>
internal sealed class OpenAiListener
{
    private ListenOptions? _listen;

    /// <summary>The port actually bound (after start), or null when the door is off.</summary>
    public int? BoundPort => (_listen?.EndPoint as IPEndPoint)?.Port;

    /// <summary>The address of a URL Kestrel can bind from code, or null (the validator reports it).</summary>
    public static BindingAddress? Parse(string? url)
    {
        try
        {
            var address = BindingAddress.Parse(url ?? string.Empty);
            var host = address.Host.Trim('[', ']');
            var scheme = address.Scheme.ToLowerInvariant();
            var knownHost = host is "*" or "+" or "localhost" || IPAddress.TryParse(host, out _);
            return scheme is "http" or "https" && knownHost && !address.IsUnixPipe && address.Port is >= 0 and <= 65535 ? address : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The door's address as a listen address the security rules check, when it is on.</summary>
    public static IEnumerable<GrpcEndpoint> Endpoints(IConfiguration configuration)
    {
        var section = configuration.GetSection(OpenAiOptions.SectionName);
        if (!section.GetValue<bool>(nameof(OpenAiOptions.Enabled)))
        {
            yield break;
        }

        yield return new GrpcEndpoint($"{OpenAiOptions.SectionName}:Url", section[nameof(OpenAiOptions.Url)] ?? new OpenAiOptions().Url);
    }

    /// <summary>Adds the listener when the door is on and its URL parses.</summary>
    public void Listen(KestrelServerOptions kestrel, OpenAiOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        if (!options.Enabled || Parse(options.Url) is not { } address)
        {
            return;
        }

        var https = address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase);
        Action<ListenOptions> configure = listen =>
        {
            listen.Protocols = https ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
            if (https)
            {
                listen.UseHttps(); // Kestrel's HTTPS defaults: TlsSetup's certificate and client-certificate rules
            }

            _listen = listen;
        };
        var host = address.Host.Trim('[', ']');
        if (host is "*" or "+")
        {
            kestrel.ListenAnyIP(address.Port, configure);
        }
        else if (host == "localhost")
        {
            kestrel.Listen(IPAddress.Loopback, address.Port, configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host), address.Port, configure);
        }
    }

    /// <summary>True for a request that arrived on the door's port.</summary>
    public bool IsDoorRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return BoundPort is { } port && context.Connection.LocalPort == port;
    }

    /// <summary>Applies the body limit to this request (Kestrel answers a larger body with a read error the door turns into 413).</summary>
    public static void LimitBody(HttpContext context, long bytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
    }
}
