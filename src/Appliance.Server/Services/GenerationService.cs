using System.Text;
using Appliance.Contracts.V1;
using Appliance.Core.Generation;
using Appliance.Scheduling;
using Grpc.Core;

namespace Appliance.Server.Services;

/// <summary>appliance.v1.Generation: thin proto ⇄ domain adapter over the scheduler.</summary>
internal sealed class GenerationService : Generation.GenerationBase
{
    private readonly GenerationScheduler _scheduler;

    public GenerationService(GenerationScheduler scheduler)
    {
        _scheduler = scheduler;
    }

    public override async Task Generate(GenerateRequest request, IServerStreamWriter<GenerateResponse> responseStream, ServerCallContext context)
    {
        var domain = ProtoMapper.ToDomain(request, context, ProtoMapper.NewRequestId());
        var stream = _scheduler.Submit(domain, context.CancellationToken);
        await foreach (var item in stream.ReadAllAsync(context.CancellationToken))
        {
            var response = item switch
            {
                GenerationPiece piece => new GenerateResponse { Piece = new TextPiece { Text = piece.Text, TokenCount = piece.TokenCount } },
                GenerationCompleted done => new GenerateResponse { Final = ProtoMapper.ToProto(done, domain) },
                _ => throw new InvalidOperationException($"unexpected event {item.GetType().Name}"),
            };
            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    public override async Task<CompleteResponse> Complete(GenerateRequest request, ServerCallContext context)
    {
        var domain = ProtoMapper.ToDomain(request, context, ProtoMapper.NewRequestId());
        var stream = _scheduler.Submit(domain, context.CancellationToken);
        var text = new StringBuilder();
        await foreach (var item in stream.ReadAllAsync(context.CancellationToken))
        {
            switch (item)
            {
                case GenerationPiece piece:
                    text.Append(piece.Text);
                    break;
                case GenerationCompleted done:
                    return new CompleteResponse { Text = text.ToString(), Final = ProtoMapper.ToProto(done, domain) };
            }
        }

        throw new InvalidOperationException("generation stream ended without a final event");
    }
}
