using System.Net;
using System.Net.Security;
using Appliance.Contracts.Balancing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.Cli.CommandLine;

/// <summary>The server's address and the gRPC channel to it, with the caller's credentials.</summary>
internal static class ServerChannel
{
    public const string DefaultAddress = "http://127.0.0.1:5080";

    public const string EnvironmentVariable = "APPLIANCE_SERVER";

    /// <summary>Metadata key of the API key; the server's <c>GrpcCalls.ApiKeyHeader</c>.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>$APPLIANCE_SERVER when set, else <see cref="DefaultAddress"/>.</summary>
    public static string DefaultFromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } address ? address : DefaultAddress;

    /// <summary>
    /// Null when <paramref name="address"/> is an absolute http:// or https:// URL, or several
    /// separated by commas (boxes to balance over: <see cref="BoxAddresses"/>); else why not.
    /// </summary>
    public static string? Validate(string? address)
    {
        BoxAddresses.Parse(address, out var error);
        return error;
    }

    /// <summary>
    /// A channel that sends <see cref="ClientCredentials.ApiKey"/> as <c>x-api-key</c> on every
    /// call and, over https://, checks the server against <see cref="ClientCredentials.TrustedRoots"/>
    /// and presents <see cref="ClientCredentials.ClientCertificate"/>. Warnings and TLS refusals
    /// go to <paramref name="errors"/>. Several addresses, or a DNS name, give a
    /// <see cref="FleetChannel"/>: calls balanced per call over the boxes that are SERVING, with
    /// its retry policy (UNAVAILABLE and RESOURCE_EXHAUSTED on another box, never once a response began).
    /// </summary>
    /// <param name="address">One address, or several separated by commas.</param>
    /// <param name="credentials">The caller's API key, trusted roots and client certificate.</param>
    /// <param name="errors">Where warnings and TLS refusals go.</param>
    public static GrpcChannel Create(string address, ClientCredentials credentials, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var boxes = BoxAddresses.Parse(address, out var error) ?? throw new ArgumentException(error, nameof(address));
        foreach (var box in boxes)
        {
            WarnOfPlaintextKey(box, credentials, errors);
        }

        return FleetChannel.IsFleet(boxes)
            ? FleetChannel.Create(boxes, () => Options(boxes[0], credentials, errors, null))
            : GrpcChannel.ForAddress(boxes[0], Options(boxes[0], credentials, errors, null));
    }

    /// <summary>
    /// A channel to exactly one box, never balanced (<c>status</c> over several boxes asks each as if alone):
    /// at <paramref name="connectTo"/> when it is one of the addresses of <paramref name="box"/>'s DNS name
    /// (the calls, and TLS, still name the host), else at <paramref name="box"/>.
    /// </summary>
    public static GrpcChannel Direct(Uri box, ClientCredentials credentials, TextWriter errors, IPAddress? connectTo)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(credentials);
        WarnOfPlaintextKey(box, credentials, errors);
        return GrpcChannel.ForAddress(box, Options(box, credentials, errors, connectTo));
    }

    private static void WarnOfPlaintextKey(Uri box, ClientCredentials credentials, TextWriter errors)
    {
        if (credentials.ApiKey is not null && box.Scheme == Uri.UriSchemeHttp && !box.IsLoopback)
        {
            errors.WriteLine($"warning: the API key is sent unencrypted (http://) to {box.Host}: anyone on the network path can read it; use https:// (and --ca-file for the hospital CA)");
        }
    }

    /// <summary>Fresh options (a new handler: each channel owns its own) with the caller's credentials.</summary>
    private static GrpcChannelOptions Options(Uri uri, ClientCredentials credentials, TextWriter errors, IPAddress? connectTo)
    {
        var secure = uri.Scheme == Uri.UriSchemeHttps;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            // Fail fast on a host that drops packets instead of refusing the connection.
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        if (secure)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = credentials.ClientCertificate,
                // Null keeps .NET's default: the system trust store, and the host name checked.
                RemoteCertificateValidationCallback = credentials.TrustedRoots is { } roots
                    ? new ServerCertificateValidator(roots, credentials.TrustedRootsSource, errors).Validate
                    : null,
            };
        }

        if (connectTo is not null)
        {
            handler.ConnectCallback = (context, cancellationToken) => EndPointConnection.OpenAsync(new IPEndPoint(connectTo, context.DnsEndPoint.Port), cancellationToken);
        }

        // The channel owns the handler and disposes it with itself.
        var options = new GrpcChannelOptions { HttpHandler = handler };
        if (credentials.ApiKey is { } apiKey)
        {
            var callCredentials = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add(ApiKeyHeader, apiKey);
                return Task.CompletedTask;
            });
            options.Credentials = ChannelCredentials.Create(secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, callCredentials);

            // grpc-dotnet refuses call credentials on a plaintext channel unless told otherwise. The
            // development server is plaintext on loopback, where nobody else can read the key.
            options.UnsafeUseInsecureChannelCallCredentials = !secure;
        }

        return options;
    }
}
