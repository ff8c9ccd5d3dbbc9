using System.Collections.Frozen;
using Appliance.Core;
using Appliance.Core.Errors;

namespace Appliance.Tasks.Templates;

/// <summary>
/// Every task variant in force, by id and by family, and the selection rule (the "dynamic template
/// library"): a request names a variant id (that variant) or a family (the variant whose selectors
/// all match the request's attributes, the one with the most selectors winning). Built only from a
/// set without ties (<see cref="TaskCatalogBuilder"/>), so selection is always unambiguous. Immutable.
/// </summary>
public sealed class TaskCatalog
{
    internal TaskCatalog(IReadOnlyList<TaskTemplate> templates)
    {
        All = templates.OrderBy(t => t.Family, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        ById = All.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal);
        ByFamily = All.GroupBy(t => t.Family, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<TaskTemplate>)[.. g.OrderByDescending(t => t.Selectors.Count).ThenBy(t => t.Id, StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    /// <summary>No tasks.</summary>
    public static TaskCatalog Empty { get; } = new([]);

    /// <summary>Every variant, by family then id.</summary>
    public IReadOnlyList<TaskTemplate> All { get; }

    /// <summary>Variants by id.</summary>
    public FrozenDictionary<string, TaskTemplate> ById { get; }

    /// <summary>Variants by family, most selectors first.</summary>
    public FrozenDictionary<string, IReadOnlyList<TaskTemplate>> ByFamily { get; }

    /// <summary>
    /// The variant <paramref name="task"/> names, or the most specific one of the family it names that
    /// matches <paramref name="attributes"/> (keys from <see cref="TaskSelectors.Keys"/>, values compared
    /// without case). Throws <see cref="TaskNotFoundException"/> for an unknown name and
    /// <see cref="InvalidRequestException"/> for an unknown attribute or when no variant matches.
    /// </summary>
    public TaskTemplate Select(string task, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(attributes);
        if (string.IsNullOrEmpty(task))
        {
            throw new InvalidRequestException("task", "required: a task id or family (see ListTasks)");
        }

        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            if (!TaskSelectors.Keys.Contains(key))
            {
                var field = Identifiers.IsId(key) ? $"attributes.{key}" : "attributes";
                throw new InvalidRequestException(field, $"not an attribute tasks select on; allowed: {string.Join(", ", TaskSelectors.Keys)}");
            }

            wanted[key] = value.Trim().ToLowerInvariant();
        }

        // A family first: a family's default variant may carry the family's name as its id.
        if (ByFamily.TryGetValue(task, out var variants))
        {
            return variants.FirstOrDefault(v => Matches(v, wanted))
                ?? throw new InvalidRequestException("attributes", $"no variant of '{task}' matches them; its variants select on {Describe(variants)}");
        }

        return ById.TryGetValue(task, out var exact) ? exact : throw new TaskNotFoundException(task);
    }

    /// <summary>Whether every selector of <paramref name="variant"/> equals the request's attribute.</summary>
    internal static bool Matches(TaskTemplate variant, IReadOnlyDictionary<string, string> wanted) =>
        variant.Selectors.All(s => wanted.TryGetValue(s.Key, out var value) && value == s.Value);

    private static string Describe(IReadOnlyList<TaskTemplate> variants) => string.Join("; ", variants.Select(v =>
        v.Selectors.Count == 0 ? $"{v.Id}: (default)" : $"{v.Id}: {string.Join(", ", v.Selectors.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))}"));
}
