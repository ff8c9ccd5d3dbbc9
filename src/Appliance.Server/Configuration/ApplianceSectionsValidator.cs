using Appliance.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Configuration;

/// <summary>
/// Every child of <c>Appliance</c> must be a section the server reads: <c>Appliance:Secruity</c>
/// would otherwise be ignored whole, leaving every security default in force.
/// </summary>
internal sealed class ApplianceSectionsValidator(IConfiguration configuration, IEnumerable<KnownSection> known) : IValidateOptions<ApplianceSections>
{
    private const string Root = "Appliance";

    public ValidateOptionsResult Validate(string? name, ApplianceSections options)
    {
        var names = known.Select(k => k.Name[(Root.Length + 1)..]).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        foreach (var child in configuration.GetSection(Root).GetChildren())
        {
            if (!names.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                var suggestion = KeySuggester.Suggest(child.Key, names);
                problems.Add(suggestion is null
                    ? $"{child.Path}: unknown section; Appliance takes {string.Join(", ", names)}"
                    : $"{child.Path}: unknown section (did you mean {Root}:{suggestion}?)");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
