using System.Globalization;
using Appliance.Core;
using Appliance.Core.Errors;
using Appliance.Tasks.Templates;

namespace Appliance.Tasks.Runs;

/// <summary>
/// Checks a run's inputs against its template: every required input present and not blank, none
/// unknown, none longer than its <c>max_length</c>. Refusals name the field (<c>inputs.progress_notes: required</c>)
/// and the limit, never the value; an unknown name is echoed only when it has the id shape.
/// </summary>
public static class TaskInputs
{
    /// <summary>Throws <see cref="InvalidRequestException"/> for the first problem, in template order.</summary>
    public static void Check(TaskTemplate template, IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var name in inputs.Keys.Where(n => template.Inputs.All(i => i.Name != n)).Order(StringComparer.Ordinal))
        {
            var field = Identifiers.IsId(name) ? $"inputs.{name}" : "inputs";
            throw new InvalidRequestException(field, $"not an input of task '{template.Id}'; its inputs are {string.Join(", ", template.Inputs.Select(i => i.Name))}");
        }

        foreach (var input in template.Inputs)
        {
            var present = inputs.TryGetValue(input.Name, out var value) && !string.IsNullOrWhiteSpace(value);
            if (input.Required && !present)
            {
                throw new InvalidRequestException($"inputs.{input.Name}", "required");
            }

            if (value is not null && value.Length > input.MaxLength)
            {
                throw new InvalidRequestException(
                    $"inputs.{input.Name}", string.Create(CultureInfo.InvariantCulture, $"at most {input.MaxLength} characters (task '{template.Id}')"));
            }
        }
    }
}
