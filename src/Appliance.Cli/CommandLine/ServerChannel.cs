using System.Net.Security;
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

    /// <summary>Null when <paramref name="address"/> is an absolute http:// or https:// URL; else why not.</summary>
    public static string? Validate(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"'{address}' is not a server address; expected e.g. {DefaultAddress} (http:// for HTTP/2 cleartext, https:// for TLS)";

    /// <summary>
    /// A channel that sends <see cref="ClientCredentials.ApiKey"/> as <c>x-api-key</c> on every
    /// call and, over https://, checks the server against <see cref="ClientCredentials.TrustedRoots"/>
    /// and presents <see cref="ClientCredentials.ClientCertificate"/>. Warnings and TLS refusals
    /// go to <paramref name="errors"/>.
    /// </summary>
    public static GrpcChannel Create(string address, ClientCredentials credentials, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = new Uri(address);
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
            if (!secure && !uri.IsLoopback)
            {
                errors.WriteLine($"warning: the API key is sent unencrypted (http://) to {uri.Host}: anyone on the network path can read it; use https:// (and --ca-file for the hospital CA)");
            }
        }

        return GrpcChannel.ForAddress(address, options);
    }
}
