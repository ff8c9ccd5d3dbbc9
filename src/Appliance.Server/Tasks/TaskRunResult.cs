using Appliance.Core.Generation;
using Appliance.Core.Grounding;
using Appliance.Tasks.Templates;

namespace Appliance.Server.Tasks;

/// <summary>A task run's answer: the JSON text (patient data), its grounding report and how the policy ended.</summary>
/// <param name="Template">The variant that ran.</param>
/// <param name="ModelId">The model it ran on.</param>
/// <param name="OutputJson">The schema-valid answer.</param>
/// <param name="Report">Its grounding report.</param>
/// <param name="Outcome">What the policy did.</param>
/// <param name="Attempts">Answers generated (1 or 2).</param>
/// <param name="Usage">Tokens summed over the attempts.</param>
/// <param name="Timings">Timings of the last attempt.</param>
internal sealed record TaskRunResult(
    TaskTemplate Template, string ModelId, string OutputJson, GroundingReport Report, TaskPolicyOutcome Outcome, int Attempts, TokenUsage Usage, GenerationTimings Timings);
