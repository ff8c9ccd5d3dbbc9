using System.Text;
using Appliance.Contracts.V1;
using Appliance.Core.Generation;
using Appliance.Scheduling;
using Appliance.Server.Calls;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>appliance.v1.Generation: thin proto ⇄ domain adapter over the generation scheduler; records the outcome on the call.</summary>
internal sealed partial class GenerationService(GenerationScheduler scheduler) : Generation.GenerationBase
{
    public override async Task Generate(GenerateRequest request, IServerStreamWriter<GenerateResponse> responseStream, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        var domain = ProtoMapper.ToDomain(request, call, context.Deadline);
        var stream = scheduler.Submit(domain, context.CancellationToken);
        call.Admitted(stream.PromptTokens);
        await foreach (var item in stream.ReadAllAsync(context.CancellationToken))
        {
            GenerateResponse response;
            switch (item)
            {
                case GenerationPiece piece:
                    call.AddGeneratedTokens(piece.TokenCount);
                    response = new GenerateResponse { Piece = new TextPiece { Text = piece.Text, TokenCount = piece.TokenCount } };
                    break;
                case ReasoningPiece reasoning:
                    call.AddGeneratedTokens(reasoning.TokenCount);
                    response = new GenerateResponse { Piece = new TextPiece { Reasoning = reasoning.Text, TokenCount = reasoning.TokenCount } };
                    break;
                case GenerationCompleted done:
                    call.Complete(CallOutcome.Of(done));
                    response = new GenerateResponse { Final = ProtoMapper.ToProto(done, domain) };
                    break;
                default:
                    throw new InvalidOperationException($"unexpected event {item.GetType().Name}");
            }

            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    public override async Task<CompleteResponse> Complete(CompleteRequest request, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        var domain = ProtoMapper.ToDomain(request, call, context.Deadline);
        var stream = scheduler.Submit(domain, context.CancellationToken);
        call.Admitted(stream.PromptTokens);
        var text = new StringBuilder();
        var reasoningText = new StringBuilder();
        await foreach (var item in stream.ReadAllAsync(context.CancellationToken))
        {
            switch (item)
            {
                case GenerationPiece piece:
                    call.AddGeneratedTokens(piece.TokenCount);
                    text.Append(piece.Text);
                    break;
                case ReasoningPiece reasoning:
                    call.AddGeneratedTokens(reasoning.TokenCount);
                    reasoningText.Append(reasoning.Text);
                    break;
                case GenerationCompleted done:
                    call.Complete(CallOutcome.Of(done));
                    return Unfinished(done, domain.ModelId) is { } error
                        ? throw error
                        : new CompleteResponse { Text = text.ToString(), Reasoning = reasoningText.ToString(), Final = ProtoMapper.ToProto(done, domain) };
            }
        }

        throw new InvalidOperationException("generation stream ended without a final event");
    }

    /// <summary>A unary answer is whole or an error (<see cref="CallErrors.Unfinished"/>), with its details like every other error.</summary>
    private static RpcException? Unfinished(GenerationCompleted done, string modelId) =>
        CallErrors.Unfinished(done, modelId) is { } error ? GrpcErrorDetails.ToRpcException(error, new Metadata()) : null;
}
