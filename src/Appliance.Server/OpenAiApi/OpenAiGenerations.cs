using System.Text;
using Appliance.Core.Generation;
using Appliance.Scheduling;
using Appliance.Server.Calls;
using Appliance.Server.OpenAiApi.Wire;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// Runs one generation for the HTTP door on the scheduler entry the gRPC <c>GenerationService</c>
/// uses (<see cref="GenerationScheduler.Submit"/>, with the caller's <c>RequestAborted</c>): whole, or
/// streamed as server-sent events flushed per piece. A refusal at submission (validation, queue
/// full, quota) comes before any byte, so it keeps its HTTP status; records the outcome on the call.
/// </summary>
internal sealed class OpenAiGenerations(GenerationScheduler scheduler, TimeProvider time)
{
    public async Task<CallError?> RunAsync(
        HttpContext http, CallContext call, GenerationRequest request, StreamOptions stream, ICompletionShape shape, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        // The caller's time limit counts from here; the worker ends the generation when it passes (finish reason deadline: 504).
        if (OpenAiCalls.TimeoutOf(http).Timeout is { } timeout)
        {
            request = request with { Deadline = time.GetUtcNow() + timeout };
        }

        var results = scheduler.Submit(request, cancellationToken);
        call.Admitted(results.PromptTokens);
        var ids = new CompletionIds(call.RequestId, time.GetUtcNow().ToUnixTimeSeconds(), request.ModelId);
        return stream.Stream
            ? await StreamAsync(http.Response, call, results, ids, stream.IncludeUsage, shape, cancellationToken)
            : await WholeAsync(http.Response, call, results, ids, shape, cancellationToken);
    }

    private static async Task<CallError?> WholeAsync(
        HttpResponse response, CallContext call, GenerationStream results, CompletionIds ids, ICompletionShape shape, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var item in results.ReadAllAsync(cancellationToken))
        {
            if (Counted(call, item) is { } piece)
            {
                text.Append(piece);
            }
            else if (item is GenerationCompleted done)
            {
                call.Complete(CallOutcome.Of(done));
                if (CallErrors.Unfinished(done, ids.Model) is { } failed)
                {
                    return failed; // the partial text is dropped, never put in a message
                }

                response.ContentType = "application/json";
                await response.Body.WriteAsync(shape.Whole(ids, text.ToString(), FinishReasonOf(done), Usage.Of(done.Usage)), cancellationToken);
                return null;
            }
        }

        throw new InvalidOperationException("generation stream ended without a final event");
    }

    private static async Task<CallError?> StreamAsync(
        HttpResponse response, CallContext call, GenerationStream results, CompletionIds ids, bool includeUsage, ICompletionShape shape, CancellationToken cancellationToken)
    {
        await ServerSentEvents.StartAsync(response, cancellationToken);
        if (shape.Opening(ids) is { } opening)
        {
            await ServerSentEvents.WriteAsync(response, opening, cancellationToken);
        }

        await foreach (var item in results.ReadAllAsync(cancellationToken))
        {
            if (Counted(call, item) is { Length: > 0 } piece)
            {
                await ServerSentEvents.WriteAsync(response, shape.Piece(ids, piece), cancellationToken);
            }
            else if (item is GenerationCompleted done)
            {
                call.Complete(CallOutcome.Of(done));
                if (CallErrors.Unfinished(done, ids.Model) is { } failed)
                {
                    return failed; // the door sends it as the stream's last event
                }

                await ServerSentEvents.WriteAsync(response, shape.Finish(ids, FinishReasonOf(done)), cancellationToken);
                if (includeUsage)
                {
                    await ServerSentEvents.WriteAsync(response, shape.Usage(ids, Usage.Of(done.Usage)), cancellationToken);
                }

                await ServerSentEvents.DoneAsync(response, cancellationToken);
                return null;
            }
        }

        throw new InvalidOperationException("generation stream ended without a final event");
    }

    /// <summary>Counts a piece's tokens on the call; the answer text of an answer piece (reasoning stays hidden on this door), else null.</summary>
    private static string? Counted(CallContext call, GenerationEvent item)
    {
        switch (item)
        {
            case GenerationPiece piece:
                call.AddGeneratedTokens(piece.TokenCount);
                return piece.Text;
            case ReasoningPiece reasoning:
                call.AddGeneratedTokens(reasoning.TokenCount);
                return string.Empty;
            default:
                return null;
        }
    }

    private static string FinishReasonOf(GenerationCompleted done) => done.Reason == FinishReason.Length ? "length" : "stop";

    /// <summary>Whether and how to stream.</summary>
    public sealed record StreamOptions(bool Stream, bool IncludeUsage)
    {
        public static StreamOptions Of(GenerationFields request)
        {
            ArgumentNullException.ThrowIfNull(request);
            return new(request.Stream == true, request.Stream == true && request.StreamOptions?.IncludeUsage == true);
        }
    }
}
