using Grpc.Net.Client;

namespace Appliance.Cli.CommandLine;

/// <summary>The server's address and the gRPC channel to it.</summary>
internal static class ServerChannel
{
    public const string DefaultAddress = "http://127.0.0.1:5080";

    public const string EnvironmentVariable = "APPLIANCE_SERVER";

    /// <summary>$APPLIANCE_SERVER when set, else <see cref="DefaultAddress"/>.</summary>
    public static string DefaultFromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } address ? address : DefaultAddress;

    /// <summary>Null when <paramref name="address"/> is an absolute http:// or https:// URL; else why not.</summary>
    public static string? Validate(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"'{address}' is not a server address; expected e.g. {DefaultAddress} (http:// for HTTP/2 cleartext, https:// for TLS)";

    public static GrpcChannel Create(string address)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            // Fail fast on a host that drops packets instead of refusing the connection.
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };

        // The channel owns the handler and disposes it with itself.
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
    }
}
