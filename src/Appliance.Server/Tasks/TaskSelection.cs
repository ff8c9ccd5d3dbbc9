using Appliance.Core.Errors;
using Appliance.Tasks.Templates;

namespace Appliance.Server.Tasks;

/// <summary>
/// What a task call was decided to run, once, at its start (<see cref="TaskResolver"/>): the variant
/// and the model, or why neither (the pipeline refuses the call with <see cref="Error"/> after its
/// steps began, so the refusal is counted and audited).
/// </summary>
/// <param name="Template">The variant; null when selection failed.</param>
/// <param name="ModelId">The model it runs on; null when none could be chosen.</param>
/// <param name="Error">Why the call cannot run; null when it can.</param>
internal sealed record TaskSelection(TaskTemplate? Template, string? ModelId, ApplianceException? Error);
