using Appliance.Core.Errors;
using Appliance.Core.Models;
using Appliance.Server.Models;

namespace Appliance.Server.Tasks;

/// <summary>
/// Decides a task call's variant (<see cref="Appliance.Tasks.Templates.TaskCatalog.Select"/> over the
/// templates in force) and its model: the template's model id, or for <c>kind: text-generation</c> the
/// first ready text-generation model by id (else the first configured one, which then answers UNAVAILABLE
/// while it loads). <see cref="Calls.CallContextFactory"/> calls it once per call.
/// </summary>
internal sealed class TaskResolver(TaskLibrary library, ModelHost models)
{
    public TaskSelection Resolve(TaskCallStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        try
        {
            var template = library.Current.Select(start.Task, start.Attributes);
            return new TaskSelection(template, template.Model.Id ?? AnyGenerationModel(), null);
        }
        catch (Exception e) when (e is TaskNotFoundException or InvalidRequestException)
        {
            return new TaskSelection(null, null, (ApplianceException)e);
        }
    }

    private string? AnyGenerationModel()
    {
        var generation = models.Models.Where(m => m.Manifest is { Kind: ModelKind.TextGeneration }).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        return (generation.FirstOrDefault(m => m.State.State == ModelState.Ready) ?? generation.FirstOrDefault())?.Id;
    }
}
