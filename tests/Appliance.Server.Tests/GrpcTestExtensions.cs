using Appliance.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Appliance.Server.Tests;

internal static class GrpcTestExtensions
{
    /// <summary>Every await in these tests is bounded, so a hang fails fast instead of eating CI time.</summary>
    public static readonly TimeSpan CallLimit = Bounded.CallTimeout;

    public static GenerateRequest Greedy(string prompt, int maxTokens, uint seed = 1, params string[] stop)
    {
        var request = new GenerateRequest
        {
            ModelId = ServerFixture.ModelId,
            Prompt = prompt,
            Sampling = new SamplingParams { Temperature = 0, Seed = seed, MaxTokens = maxTokens, RepeatPenalty = 1 },
        };
        request.Sampling.Stop.AddRange(stop);
        return request;
    }

    /// <summary>
    /// Complete with a <see cref="GenerateRequest"/>: CompleteRequest has the same fields under the
    /// same numbers, so the request's bytes are sent as they are (the contract promises it; every
    /// test that uses this relies on it).
    /// </summary>
    public static AsyncUnaryCall<CompleteResponse> CompleteAsync(
        this Generation.GenerationClient client, GenerateRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
        client.CompleteAsync(request.AsComplete(), headers, deadline, cancellationToken);

    /// <summary>The same bytes read as a CompleteRequest.</summary>
    public static CompleteRequest AsComplete(this GenerateRequest request) => CompleteRequest.Parser.ParseFrom(request.ToByteString());

    public static async Task<(List<TextPiece> Pieces, GenerationFinal Final)> StreamAsync(this Generation.GenerationClient client, GenerateRequest request)
    {
        using var call = client.Generate(request, deadline: DateTime.UtcNow.Add(CallLimit));
        var pieces = new List<TextPiece>();
        GenerationFinal? final = null;
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            Assert.Null(final); // nothing may follow the final message
            if (response.EventCase == GenerateResponse.EventOneofCase.Piece)
            {
                pieces.Add(response.Piece);
            }
            else
            {
                final = response.Final;
            }
        }

        Assert.NotNull(final);
        return (pieces, final!);
    }

    public static string Text(this IEnumerable<TextPiece> pieces) => string.Concat(pieces.Select(p => p.Text));
}
