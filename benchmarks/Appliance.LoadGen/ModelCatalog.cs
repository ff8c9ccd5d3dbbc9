using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.LoadGen;

/// <summary>Looks models up with ListModels before a run; explains on the error writer why one cannot be used.</summary>
internal sealed class ModelCatalog
{
    private readonly IReadOnlyList<ModelInfo> _models;
    private readonly string _server;
    private readonly TextWriter _error;

    private ModelCatalog(IReadOnlyList<ModelInfo> models, string server, TextWriter error)
    {
        _models = models;
        _server = server;
        _error = error;
    }

    /// <summary>The server's models; null (and the reason written) when the server cannot be reached.</summary>
    public static async Task<ModelCatalog?> LoadAsync(GrpcChannel channel, string server, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var client = new Models.ModelsClient(channel);
            var response = await client.ListModelsAsync(
                new ListModelsRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: cancellationToken);
            return new ModelCatalog(response.Models, server, error);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A connection failure's reason ("Connection refused") is in the innermost exception.
            var cause = exception.Status.DebugException;
            while (cause?.InnerException is not null)
            {
                cause = cause.InnerException;
            }

            await error.WriteLineAsync($"error: ListModels at {server}: {exception.StatusCode}: {cause?.Message ?? exception.Status.Detail}");
            await error.WriteLineAsync("hint: is the server running? dotnet run --project src/Appliance.Server");
            return null;
        }
    }

    /// <summary>
    /// The model <paramref name="id"/> when it is configured, ready and (when <paramref name="kind"/> is given)
    /// of that kind; otherwise null, with the reason written.
    /// </summary>
    public async Task<ModelInfo?> FindReadyAsync(string id, ModelKind? kind = null)
    {
        var model = _models.FirstOrDefault(m => m.Id == id);
        if (model is null)
        {
            var known = string.Join(", ", _models.Select(m => m.Id));
            await _error.WriteLineAsync($"error: no model '{id}' on {_server}; configured: {(known.Length > 0 ? known : "none")}");
            return null;
        }

        if (kind is { } expected && model.Kind != expected)
        {
            await _error.WriteLineAsync($"error: model '{model.Id}' is a {model.Kind} model, not {expected}");
            return null;
        }

        if (model.State == ModelState.Failed)
        {
            await _error.WriteLineAsync($"error: model '{model.Id}' failed to load: {model.FailureReason}");
            return null;
        }

        if (model.State != ModelState.Ready)
        {
            await _error.WriteLineAsync($"error: model '{model.Id}' is not ready ({model.State})");
            await _error.WriteLineAsync($"hint: appliancectl health --model {model.Id} --wait 300");
            return null;
        }

        return model;
    }
}
