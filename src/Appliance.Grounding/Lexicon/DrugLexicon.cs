using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Appliance.Core.Grounding;
using Appliance.Grounding.Extraction;
using Appliance.Grounding.Text;

namespace Appliance.Grounding.Lexicon;

/// <summary>
/// Drug names (English and Chinese, with synonyms) and the drug each one names. Immutable once built:
/// one matcher over every name, the longest name first, so "insulin glargine" is one drug and not
/// "insulin" plus a word. An English name matches whole words only; a Chinese name anywhere (Chinese
/// has no spaces, and 阿司匹林肠溶片 is aspirin).
/// </summary>
internal sealed class DrugLexicon
{
    private readonly FrozenDictionary<string, string> _drugByName;
    private readonly Regex? _pattern;

    public DrugLexicon(IReadOnlyDictionary<string, IReadOnlyCollection<string>> namesByDrug)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (drug, names) in namesByDrug)
        {
            foreach (var name in names)
            {
                byName.TryAdd(Fold(name), drug);
            }
        }

        _drugByName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        DrugCount = namesByDrug.Count;
        if (byName.Count > 0)
        {
            var alternatives = byName.Keys.OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).Select(Regex.Escape);
            _pattern = new Regex($"(?<![a-z])(?:{string.Join('|', alternatives)})(?![a-z])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
    }

    public int DrugCount { get; }

    public int NameCount => _drugByName.Count;

    /// <summary>A name as the matcher sees it: folded like the texts, inner spaces collapsed.</summary>
    public static string Fold(string name) => string.Join(' ', NormalizedText.From(name.Trim()).Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Every drug name in <paramref name="folded"/>.</summary>
    public IEnumerable<Fact> Extract(string folded)
    {
        if (_pattern is null)
        {
            yield break;
        }

        foreach (Match m in _pattern.Matches(folded))
        {
            var drug = _drugByName[m.Value];
            yield return new Fact(GroundingItemKind.Drug, m.Index, m.Length, drug) { DrugId = drug };
        }
    }
}
