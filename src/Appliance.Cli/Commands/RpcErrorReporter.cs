using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;

namespace Appliance.Cli.Commands;

/// <summary>Turns a failed gRPC call into one or two lines on standard error and an exit code.</summary>
internal static class RpcErrorReporter
{
    public const string TlsHint =
        "hint: the TLS handshake failed; if the server's certificate comes from the hospital CA, give that CA with --ca-file; "
        + "if the server asks for a client certificate, give --cert-file and --key-file";

    private const string CredentialOptions = "use --api-key-file (or $APPLIANCE_API_KEY) or --cert-file/--key-file";

    private const string PushbackTrailer = "grpc-retry-pushback-ms";

    public static int Report(RpcException exception, CommandContext context)
    {
        var error = context.Error;
        if (ConnectionFault.Of(exception, context) is { } fault)
        {
            error.WriteLine($"error: {fault.Error}");
            error.WriteLine($"hint: {fault.Hint}");
            return fault.ExitCode;
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
