namespace Appliance.Tasks.Templates;

/// <summary>A catalog, or the problems that prevent one.</summary>
/// <param name="Catalog">Null when there are problems.</param>
/// <param name="Problems">Every problem of every file.</param>
public sealed record TaskCatalogResult(TaskCatalog? Catalog, IReadOnlyList<TemplateProblem> Problems);
