using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Server.Calls;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// The HTTP door's adapter onto the <see cref="CallPipeline"/>, as <c>GrpcCallInterceptor</c> is the
/// gRPC door's: reads the call (<see cref="OpenAiCalls.Start"/>), builds its context once, runs the
/// steps around the handler, records the status, and writes a failure, classified once by
/// <see cref="CallErrors"/>, in OpenAI's shape (<see cref="OpenAiErrors"/>). Every response carries
/// the call's request id in <c>x-request-id</c>. The handler gets <c>RequestAborted</c>: a client that
/// goes away cancels its generation exactly like a gRPC cancel.
/// </summary>
internal sealed class OpenAiDoor(CallPipeline pipeline, CallErrors errors)
{
    /// <summary>A handler: writes the response and returns null, or returns the error of a generation that ended without a whole answer.</summary>
    public delegate Task<CallError?> Handler(CallContext call, CancellationToken cancellationToken);

    public async Task RunAsync<T>(HttpContext http, string method, OpenAiBody.Read<T> body, string? modelId, bool scheduled, Handler handler)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(handler);
        var call = pipeline.Create(OpenAiCalls.Start(http, method, modelId, scheduled, body.Error));
        http.Response.Headers["x-request-id"] = call.RequestId;
        var aborted = http.RequestAborted;
        try
        {
            pipeline.Begin(call);
            await pipeline.ModelReadyAsync(call, aborted);
            if (await handler(call, aborted) is { } failed)
            {
                call.Status = failed.Status;
                if (!aborted.IsCancellationRequested)
                {
                    await OpenAiErrors.WriteAsync(http, failed, tooLarge: false);
                }

                return;
            }

            call.Status = call.Outcome?.FinishReason switch
            {
                FinishReason.Cancelled => CallStatus.Cancelled,
                FinishReason.Deadline => CallStatus.DeadlineExceeded,
                FinishReason.Stop or FinishReason.Length => CallStatus.OK,

                // The handler returned without an outcome: the client went away mid-stream (or never got one).
                _ => aborted.IsCancellationRequested ? CallStatus.Cancelled : CallStatus.OK,
            };
        }
        catch (Exception e)
        {
            var error = errors.Classify(e, method, aborted.IsCancellationRequested, deadlinePassed: false);
            call.Status = error.Status;
            if (!aborted.IsCancellationRequested)
            {
                await HoldAsync(call, aborted);
                await OpenAiErrors.WriteAsync(http, error, body.TooLarge && e is InvalidRequestException);
            }
        }
        finally
        {
            pipeline.End(call);
        }
    }

    private async Task HoldAsync(CallContext call, CancellationToken aborted)
    {
        try
        {
            await pipeline.HoldRefusalAsync(call, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The caller left while its refusal was held: nothing to send.
        }
    }
}
