using Appliance.Core.Generation;
using Fluid;

namespace Appliance.Tasks.Templates;

/// <summary>
/// One task variant as its validated template file defines it. Immutable; a reload builds new
/// ones. Template text (prompt, schema, titles) is the site's configuration, not patient data.
/// </summary>
public sealed record TaskTemplate
{
    /// <summary>The variant's id, unique on the appliance (<c>discharge.summary.en</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The family RunTask may name instead (<c>discharge.summary</c>).</summary>
    public required string Family { get; init; }

    /// <summary>The template's version as its file says.</summary>
    public required string Version { get; init; }

    /// <summary>A title for people.</summary>
    public required string Title { get; init; }

    /// <summary>A description for people; empty when none.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Language of the prompt and answer (<c>zh</c>, <c>en</c>).</summary>
    public required string Language { get; init; }

    /// <summary>Attributes the variant is chosen for (keys from <see cref="TaskSelectors.Keys"/>, values lower case); empty for a default.</summary>
    public IReadOnlyDictionary<string, string> Selectors { get; init; } = new Dictionary<string, string>();

    /// <summary>The model it runs on.</summary>
    public required TaskModel Model { get; init; }

    /// <summary>The inputs, in file order.</summary>
    public required IReadOnlyList<TaskInput> Inputs { get; init; }

    /// <summary>The Liquid prompt as written.</summary>
    public required string PromptText { get; init; }

    /// <summary>The parsed prompt (Fluid, thread-safe to render).</summary>
    public required IFluidTemplate Prompt { get; init; }

    /// <summary>The output JSON Schema as JSON text (converted from the file's YAML; checked convertible to a grammar).</summary>
    public required string OutputSchema { get; init; }

    /// <summary>Sampling defaults of a run.</summary>
    public TaskSampling Sampling { get; init; } = new();

    /// <summary>The priority a run takes when the request sets none.</summary>
    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>What an answer with ungrounded items becomes.</summary>
    public required GroundingPolicy Grounding { get; init; }

    /// <summary>sha256 (lowercase hex) of the file's bytes.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The file, as found.</summary>
    public required string FilePath { get; init; }

    /// <summary>Shipped (models/tasks) or the site's folder.</summary>
    public required TaskOrigin Origin { get; init; }
}
