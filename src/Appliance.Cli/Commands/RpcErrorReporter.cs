using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace Appliance.Cli.Commands;

/// <summary>Turns a failed gRPC call into one or two lines on standard error and an exit code.</summary>
internal static class RpcErrorReporter
{
    public const string ServerHint = "hint: is the server running? dotnet run --project src/Appliance.Server";

    public const string TlsHint =
        "hint: the TLS handshake failed; if the server's certificate comes from the hospital CA, give that CA with --ca-file; "
        + "if the server asks for a client certificate, give --cert-file and --key-file";

    private const string CredentialOptions = "use --api-key-file (or $APPLIANCE_API_KEY) or --cert-file/--key-file";

    private const string PushbackTrailer = "grpc-retry-pushback-ms";

    public static int Report(RpcException exception, CommandContext context)
    {
        var error = context.Error;
        if (FindTlsFailure(exception) is { } tls)
        {
            // grpc-dotnet reports a failed handshake as INTERNAL; it is a connection problem.
            error.WriteLine($"error: TLS with the server at {context.ServerAddress} failed: {tls.Message}");
            error.WriteLine(TlsHint);
            return ExitCodes.Unavailable;
        }

        if (IsUnreachable(exception))
        {
            error.WriteLine($"error: cannot reach the server at {context.ServerAddress}: {TransportReason(exception)}");
            error.WriteLine(ServerHint);
            return ExitCodes.Unavailable;
        }

        error.WriteLine(string.IsNullOrEmpty(exception.Status.Detail)
            ? $"error: {exception.StatusCode}"
            : $"error: {exception.StatusCode}: {exception.Status.Detail}");
        if (exception.StatusCode == StatusCode.ResourceExhausted
            && exception.Trailers.GetValue(PushbackTrailer) is { } pushback
            && int.TryParse(pushback, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            error.WriteLine($"hint: the server's queue is full; retry after {milliseconds} ms");
        }
        else if (exception.StatusCode == StatusCode.Unauthenticated)
        {
            var sent = context.Credentials is { } credentials ? $" ({credentials})" : "";
            error.WriteLine($"hint: the server did not accept the credentials{sent}: {CredentialOptions} with a key or certificate registered for this system under Appliance:Clients on the server ('appliancectl keys new' makes a key)");
        }
        else if (exception.StatusCode == StatusCode.PermissionDenied)
        {
            error.WriteLine("hint: the server accepted the credentials, but this system may not make this call; the appliance's administrator grants models and methods under Appliance:Clients:<id> (AllowedModels, AllowedMethods)");
        }
        else if (exception.StatusCode == StatusCode.Unimplemented)
        {
            error.WriteLine($"hint: {context.ServerAddress} does not serve this gRPC method; is it an Appliance server, and is it up to date?");
        }

        return ToExitCode(exception.StatusCode);
    }

    public static int ToExitCode(StatusCode code) => code switch
    {
        StatusCode.OK => ExitCodes.Success,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => ExitCodes.InvalidArgument,
        StatusCode.NotFound => ExitCodes.NotFound,
        StatusCode.Unavailable => ExitCodes.Unavailable,
        StatusCode.Unauthenticated => ExitCodes.Unauthenticated,
        StatusCode.PermissionDenied => ExitCodes.PermissionDenied,
        StatusCode.Cancelled => ExitCodes.Cancelled,
        _ => ExitCodes.Failure,
    };

    /// <summary>
    /// True when the call never reached a server: the client turned a connection failure into
    /// UNAVAILABLE. A server that answers UNAVAILABLE (model loading, draining) carries no
    /// transport exception.
    /// </summary>
    public static bool IsUnreachable(RpcException exception) =>
        exception.StatusCode == StatusCode.Unavailable
        && FindTransportException(exception.Status.DebugException) is not null;

    private static AuthenticationException? FindTlsFailure(RpcException exception)
    {
        for (var current = exception.Status.DebugException; current is not null; current = current.InnerException)
        {
            if (current is AuthenticationException tls)
            {
                return tls;
            }
        }

        return null;
    }

    private static string TransportReason(RpcException exception) =>
        FindTransportException(exception.Status.DebugException)?.Message ?? exception.Status.Detail;

    private static Exception? FindTransportException(Exception? exception)
    {
        Exception? found = null;
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException or IOException)
            {
                // The innermost one says it most plainly ("Connection refused (127.0.0.1:5080)").
                found = current;
            }
        }

        return found;
    }
}
