using Appliance.Contracts.V1;
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
