using Grpc.Core;

namespace Appliance.Cli.Commands;

/// <summary>How a command's gRPC calls end when the user cancels (Ctrl+C) or the call fails.</summary>
internal static class ServerCall
{
    /// <summary>
    /// True when <paramref name="exception"/> is the command being cancelled: the token is cancelled and
    /// the call (or a wait) ended because of it, locally or as a CANCELLED status.
    /// </summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
        && exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };

    /// <summary>
    /// Makes one call and hands its response to <paramref name="onResponse"/>. A cancelled command
    /// writes "cancelled" and gives <see cref="ExitCodes.Cancelled"/>; a failed call is reported by
    /// <see cref="RpcErrorReporter"/>.
    /// </summary>
    public static async Task<int> RunAsync<TResponse>(
        CommandContext context, Func<Task<TResponse>> call, Func<TResponse, Task<int>> onResponse, CancellationToken cancellationToken)
    {
        TResponse response;
        try
        {
            response = await call();
        }
        catch (Exception exception) when (IsCancellation(exception, cancellationToken))
        {
            await context.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (RpcException exception)
        {
            return RpcErrorReporter.Report(exception, context);
        }

        return await onResponse(response);
    }
}
