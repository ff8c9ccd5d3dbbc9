using Appliance.Tasks.Templates;
using Fluid;

namespace Appliance.Tasks.Runs;

/// <summary>
/// Renders a template's Liquid prompt. The model is data only: <c>inputs</c> (every declared input,
/// empty when not sent), <c>attributes</c> and <c>task</c> (id, family, version, language); Fluid
/// runs no code and reads no files, and the step and recursion limits bound a loop an edit might add.
/// Output is not HTML-encoded: the prompt is plain text.
/// </summary>
public static class TaskPrompt
{
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().WithMaxSteps(100_000).WithMaxRecursion(16).WithMaxOutputSize(1_000_000).Build();

    /// <summary>The prompt text for <paramref name="inputs"/> (checked by <see cref="TaskInputs"/> first).</summary>
    public static string Render(TaskTemplate template, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(attributes);
        var context = new TemplateContext(Options);
        context.SetValue("inputs", template.Inputs.ToDictionary(i => i.Name, i => (object)(inputs.GetValueOrDefault(i.Name) ?? ""), StringComparer.Ordinal));
        context.SetValue("attributes", attributes.ToDictionary(a => a.Key, a => (object)a.Value, StringComparer.Ordinal));
        context.SetValue("task", new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["id"] = template.Id,
            ["family"] = template.Family,
            ["version"] = template.Version,
            ["language"] = template.Language,
        });
        return template.Prompt.Render(context);
    }
}
