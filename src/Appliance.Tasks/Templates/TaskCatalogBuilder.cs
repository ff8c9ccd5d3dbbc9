using Appliance.Core.Generation;
using Fluid;

namespace Appliance.Tasks.Templates;

/// <summary>
/// Reads the template files of the shipped folder and then the site's folder (top-level <c>*.yaml</c>
/// and <c>*.yml</c>, in name order) into a <see cref="TaskCatalog"/>, or reports every problem of every
/// file. A site file with a shipped file's id replaces it (the site's own version of a shipped task);
/// two files of one folder with the same id, and two variants of a family that some request would
/// match equally well (a tie), are problems naming both files. A missing folder holds no templates.
/// With a <see cref="IGrammarCompiler"/> (the server's: llama.cpp's own parser) each output schema's grammar
/// must also compile there.
/// </summary>
public sealed class TaskCatalogBuilder(IGrammarCompiler? grammars = null)
{
    private readonly TemplateFileReader _reader = new(new FluidParser(), grammars);

    /// <summary>The catalog of <paramref name="folders"/>, or null with the problems.</summary>
    public TaskCatalogResult Build(IReadOnlyList<TaskFolder> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var problems = new List<TemplateProblem>();
        var templates = new Dictionary<string, TaskTemplate>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in Files(folder.Path, problems))
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(new TemplateProblem(path, TemplateProblem.WholeFile, $"cannot be read: {e.Message}"));
                    continue;
                }

                if (_reader.Read(path, bytes, folder.Origin, problems) is not { } template)
                {
                    continue;
                }

                if (seen.TryGetValue(template.Id, out var other))
                {
                    problems.Add(new TemplateProblem(path, "id", $"'{template.Id}' is also the id of {other}"));
                    continue;
                }

                seen[template.Id] = path;
                templates[template.Id] = template; // a later folder (the site's) replaces an earlier one's
            }
        }

        CheckNames(templates.Values, problems);
        CheckTies(templates.Values, problems);
        return problems.Count == 0 ? new TaskCatalogResult(new TaskCatalog([.. templates.Values]), []) : new TaskCatalogResult(null, problems);
    }

    private static List<string> Files(string folder, List<TemplateProblem> problems)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateFiles(folder)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new TemplateProblem(folder, TemplateProblem.WholeFile, $"the folder cannot be listed: {e.Message}"));
            return [];
        }
    }

    /// <summary>A variant id that is another family's name would make RunTask's <c>task</c> ambiguous.</summary>
    private static void CheckNames(IEnumerable<TaskTemplate> templates, List<TemplateProblem> problems)
    {
        var families = templates.ToLookup(t => t.Family, StringComparer.Ordinal);
        foreach (var template in templates.Where(t => t.Id != t.Family && families.Contains(t.Id)))
        {
            problems.Add(new TemplateProblem(template.FilePath, "id", $"'{template.Id}' is the family of {families[template.Id].First().FilePath}; a variant id must not name another family"));
        }
    }

    /// <summary>
    /// Two variants of a family tie when they have as many selectors, none conflicts (so a request
    /// holding both sets matches both) and no variant has exactly the union (which would win).
    /// </summary>
    private static void CheckTies(IEnumerable<TaskTemplate> templates, List<TemplateProblem> problems)
    {
        foreach (var family in templates.GroupBy(t => t.Family, StringComparer.Ordinal))
        {
            var variants = family.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
            for (var i = 0; i < variants.Count; i++)
            {
                for (var j = i + 1; j < variants.Count; j++)
                {
                    var (a, b) = (variants[i], variants[j]);
                    if (a.Selectors.Count != b.Selectors.Count || a.Selectors.Any(s => b.Selectors.TryGetValue(s.Key, out var v) && v != s.Value))
                    {
                        continue;
                    }

                    var union = a.Selectors.Concat(b.Selectors).DistinctBy(s => s.Key).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
                    if (variants.Any(v => v != a && v != b && v.Selectors.Count == union.Count && TaskCatalog.Matches(v, union)))
                    {
                        continue;
                    }

                    var attributes = union.Count == 0 ? "no attributes" : string.Join(", ", union.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
                    problems.Add(new TemplateProblem(
                        b.FilePath, "selectors",
                        $"ties with {a.FilePath} (variants '{a.Id}' and '{b.Id}' of '{family.Key}' both match a request with {attributes}): give one of them another selector, or add a variant with all of them"));
                }
            }
        }
    }
}
