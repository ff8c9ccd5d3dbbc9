using System.Runtime.InteropServices;
using System.Text.Json;
using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Appliance.Scheduling;
using Appliance.Server.Calls;
using Appliance.Server.OpenAiApi.Wire;
using Appliance.Server.Security;
using Microsoft.Extensions.Options;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// <c>POST /v1/embeddings</c> on the embedding scheduler the gRPC <c>Embed</c> uses, with its
/// defaults (normalised vectors, over-long input truncated to the model's limit), so both doors
/// return the same vectors. <c>encoding_format</c> float or base64 (little-endian float32);
/// <c>dimensions</c> only when it is the model's own dimension (no model here can shorten its vectors).
/// </summary>
internal sealed class EmbeddingsEndpoint(OpenAiDoor door, EmbeddingScheduler scheduler, IOptions<OpenAiOptions> options)
{
    public async Task HandleAsync(HttpContext http)
    {
        var body = await OpenAiBody.ReadAsync(http, OpenAiJson.Default.EmbeddingRequest, options.Value.MaxRequestBodyBytes);
        await door.RunAsync(http, ApplianceMethods.OpenAiEmbeddings, body, body.Value?.Model, scheduled: true, (call, token) => EmbedAsync(http, body.Value!, call, token));
    }

    private async Task<CallError?> EmbedAsync(HttpContext http, EmbeddingRequest request, CallContext call, CancellationToken cancellationToken)
    {
        var base64 = request.EncodingFormat switch
        {
            null or "float" => false,
            "base64" => true,
            _ => throw new InvalidRequestException("encoding_format", "must be float or base64"),
        };
        if (request.Input is { ValueKind: JsonValueKind.Array } array && array.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Number || e.ValueKind == JsonValueKind.Array))
        {
            throw new InvalidRequestException("input", "token arrays are not supported; send text");
        }

        var texts = OpenAiGenerationMapper.Strings(request.Input, "input");
        var result = await scheduler.EmbedAsync(
            new EmbedRequest { RequestId = call.RequestId, ModelId = request.Model ?? string.Empty, Texts = texts, Priority = call.Priority, ClientId = call.ClientId },
            cancellationToken);
        if (request.Dimensions is { } dimensions && dimensions != result.Dimension)
        {
            throw new InvalidRequestException("dimensions", $"model '{request.Model}' has a fixed dimension of {result.Dimension}; leave dimensions out or send {result.Dimension}");
        }

        call.Complete(new CallOutcome { PromptTokens = result.PromptTokens });
        var usage = new Usage(result.PromptTokens, null, result.PromptTokens);
        var model = request.Model!;
        var json = base64
            ? JsonSerializer.SerializeToUtf8Bytes(
                new EmbeddingList<string>([.. result.Vectors.Select((v, i) => new EmbeddingItem<string>(i, Convert.ToBase64String(MemoryMarshal.AsBytes(v.AsSpan()))))], model, usage),
                OpenAiJson.Default.EmbeddingListString)
            : JsonSerializer.SerializeToUtf8Bytes(
                new EmbeddingList<float[]>([.. result.Vectors.Select((v, i) => new EmbeddingItem<float[]>(i, v))], model, usage),
                OpenAiJson.Default.EmbeddingListSingleArray);
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(json, cancellationToken);
        return null;
    }
}
