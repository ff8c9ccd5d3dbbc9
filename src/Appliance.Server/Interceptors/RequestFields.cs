using Appliance.Contracts.V1;

namespace Appliance.Server.Interceptors;

/// <summary>The identifying fields of a request message: the model it names, the client it declares, the caller's correlation id, the priority asked for.</summary>
internal readonly record struct RequestFields(string? ModelId, string? DeclaredClient, string? ClientRequestId, Priority? Priority)
{
    public static RequestFields Of(object? request) => request switch
    {
        GenerateRequest r => new(NullIfEmpty(r.ModelId), r.Client, NullIfEmpty(r.ClientRequestId), r.Priority),
        EmbedRequest r => new(NullIfEmpty(r.ModelId), r.Client, NullIfEmpty(r.ClientRequestId), r.Priority),
        InferRequest r => new(NullIfEmpty(r.ModelId), r.Client, NullIfEmpty(r.ClientRequestId), r.Priority),
        GetModelRequest r => new(NullIfEmpty(r.ModelId), null, null, null),
        ModelMetadataRequest r => new(NullIfEmpty(r.ModelId), null, null, null),
        _ => default,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
