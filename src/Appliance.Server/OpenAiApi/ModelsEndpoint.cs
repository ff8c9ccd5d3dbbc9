using System.Text.Json;
using Appliance.Core.Errors;
using Appliance.Server.Calls;
using Appliance.Server.Models;
using Appliance.Server.OpenAiApi.Wire;
using Appliance.Server.Security;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// <c>GET /v1/models</c> (the models the caller may use, as gRPC <c>ListModels</c>) and
/// <c>GET /v1/models/{id}</c> (a model the caller may not use is refused by the pipeline, 403).
/// </summary>
internal sealed class ModelsEndpoint(OpenAiDoor door, ModelHost host)
{
    private const string Owner = "appliance";

    private static readonly OpenAiBody.Read<ModelList> NoBody = new(null, null);

    public Task ListAsync(HttpContext http) =>
        door.RunAsync(http, ApplianceMethods.OpenAiModelsList, NoBody, null, scheduled: false, async (call, token) =>
        {
            var models = new ModelList([.. host.Models.Where(m => call.Access.MayUse(m.Id)).Select(m => new ModelCard(m.Id, 0, Owner))]);
            return await WriteAsync(http, call, JsonSerializer.SerializeToUtf8Bytes(models, OpenAiJson.Default.ModelList), token);
        });

    public Task GetAsync(HttpContext http, string id) =>
        door.RunAsync(http, ApplianceMethods.OpenAiModelsRetrieve, NoBody, id, scheduled: false, async (call, token) =>
        {
            var entry = host.Get(id) ?? throw new ModelNotFoundException(id);
            return await WriteAsync(http, call, JsonSerializer.SerializeToUtf8Bytes(new ModelCard(entry.Id, 0, Owner), OpenAiJson.Default.ModelCard), token);
        });

    private static async Task<CallError?> WriteAsync(HttpContext http, CallContext call, byte[] json, CancellationToken cancellationToken)
    {
        call.Complete(new CallOutcome());
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(json, cancellationToken);
        return null;
    }
}
