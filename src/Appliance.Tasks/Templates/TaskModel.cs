namespace Appliance.Tasks.Templates;

/// <summary>The model a task runs on: a model id, or any ready text-generation model (<see cref="Id"/> null).</summary>
/// <param name="Id">The model id; null for "any text-generation model".</param>
public sealed record TaskModel(string? Id)
{
    /// <summary>The only kind a task can ask for.</summary>
    public const string TextGenerationKind = "text-generation";
}
