using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace Appliance.Cli.Commands;

/// <summary>
/// Why a call never reached the server's gRPC service, told apart from the transport's exceptions, with what
/// to do about it: the name does not resolve, <c>http://</c> against a TLS port, the server refused the client
/// certificate or wanted one and got none (mutual TLS refuses after the handshake in TLS 1.3: the client sees
/// the connection end, not a TLS error), nobody listens. <see cref="Permanent"/> faults end a
/// <c>--wait</c> at once: waiting does not fix a typo.
/// </summary>
/// <param name="Error">The error line (without "error: ").</param>
/// <param name="Hint">The hint line (without "hint: ").</param>
/// <param name="ExitCode">Unavailable, or Unauthenticated for a client certificate the server refused or wanted.</param>
/// <param name="Permanent">True when retrying the same call cannot succeed.</param>
internal sealed record ConnectionFault(string Error, string Hint, int ExitCode, bool Permanent)
{
    /// <summary>Where to look on the box when nothing answers (never a developer command: appliancectl runs on installed boxes).</summary>
    public const string NotRunningHint =
        "is the server running and listening there? On the box: systemctl status appliance; journalctl -u appliance -e; "
        + "the address is Kestrel:Endpoints:Grpc:Url in /etc/appliance/appsettings.Production.json";

    private const string CertificateModeKey = "Appliance:Security:Tls:ClientCertificateMode";

    /// <summary>The fault behind <paramref name="exception"/>, or null when the server answered (or the cause is unknown).</summary>
    public static ConnectionFault? Of(RpcException exception, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        var chain = Chain(exception.Status.DebugException).ToList();
        var address = context.ServerAddress;
        var secure = address.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

        if (chain.OfType<SocketException>().FirstOrDefault(s => s.SocketErrorCode is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData) is { } dns)
        {
            var host = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Host : address;
            return new ConnectionFault(
                $"cannot reach the server at {address}: the name {host} does not resolve ({dns.Message})",
                $"check the spelling of --server (or $APPLIANCE_SERVER); the name must be in DNS or /etc/hosts of this machine, or use the server's IP address",
                ExitCodes.Unavailable,
                Permanent: true);
        }

        if (chain.OfType<AuthenticationException>().FirstOrDefault() is { } tls)
        {
            // Ours failed the server (its certificate) unless the server sent an alert: then it refused us (TLS 1.2).
            return tls.Message.Contains("remote party sent a TLS alert", StringComparison.Ordinal)
                ? ClientRefused(context)
                : new ConnectionFault($"TLS with the server at {address} failed: {tls.Message}", RpcErrorReporter.TlsHint["hint: ".Length..], ExitCodes.Unavailable, Permanent: true);
        }

        // Under load the HTTP/2 handshake's failure can surface as INTERNAL ("Error starting gRPC call").
        var handshakeFailed = exception.StatusCode == StatusCode.Internal && chain.OfType<HttpRequestException>().Any();
        if (!RpcErrorReporter.IsUnreachable(exception) && !handshakeFailed)
        {
            return null;
        }

        // The server hung up on a connection it had accepted (after the TLS handshake, or on a plaintext preface).
        // Which exception says so depends on timing: the response ended, the HTTP/2 handshake never completed
        // (an IOException on the closed stream, no socket error), or the connection was reset. A connection that
        // was never made carries a SocketException (refused, unreachable).
        var sockets = chain.OfType<SocketException>().ToList();
        var ended = chain.OfType<HttpIOException>().Any(e => e.HttpRequestError == HttpRequestError.ResponseEnded)
            || chain.OfType<HttpRequestException>().Any(e => e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError)
            || chain.OfType<HttpProtocolException>().Any()
            || (sockets.Count == 0 && chain.OfType<IOException>().Any())
            || sockets.Any(e => e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            || (handshakeFailed && sockets.Count == 0);
        if (ended && !secure)
        {
            var https = "https://" + address["http://".Length..];
            return new ConnectionFault(
                $"the server at {address} closed the connection at once: it speaks TLS there (the production profile has no plaintext port)",
                $"use {https} (with --ca-file for the hospital CA)",
                ExitCodes.Unavailable,
                Permanent: true);
        }

        if (ended)
        {
            return ClientRefused(context);
        }

        var reason = chain.LastOrDefault(e => e is HttpRequestException or SocketException or IOException)?.Message ?? exception.Status.Detail;
        return new ConnectionFault($"cannot reach the server at {address}: {reason}", NotRunningHint, ExitCodes.Unavailable, Permanent: false);
    }

    private static ConnectionFault ClientRefused(CommandContext context) =>
        context.PresentsClientCertificate
            ? new ConnectionFault(
                $"the server at {context.ServerAddress} refused the TLS connection: the server refused the client certificate from --cert-file ({context.Credentials})",
                "the server's journal says why (TLS client certificate refused: ...); the certificate must come from the CA in Appliance:Security:Tls:ClientCaFile, "
                + "be valid now, allow client authentication, and be registered under Appliance:Clients",
                ExitCodes.Unauthenticated,
                Permanent: true)
            : new ConnectionFault(
                $"the server at {context.ServerAddress} refused the TLS connection: the server requires a client certificate and this call presented none",
                $"give --cert-file and --key-file; or, for a system that authenticates with an API key, the server's {CertificateModeKey} must be Allow "
                + "(appliance/RUNBOOK.md, Certificates)",
                ExitCodes.Unauthenticated,
                Permanent: true);

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
