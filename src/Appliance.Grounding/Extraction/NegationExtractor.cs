using System.Text.RegularExpressions;
using Appliance.Core.Grounding;
using Appliance.Grounding.Text;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// Negated findings: a cue (否认, 无, 未见, 未闻及, 不伴, 没有 …; denies, no, without, negative for …)
/// and what it negates up to the end of its clause, one item per listed finding (否认高血压、糖尿病病史
/// → 高血压, 糖尿病). The key is the finding without filler words (明显, 任何, any, evidence of) and
/// without a trailing 史/病史/history, so 否认糖尿病史 and 无糖尿病病史 agree. Chinese findings are cut at
/// word boundaries from jieba and keep at most three words; English ones stop at a verb or preposition
/// and keep at most four words. An English clause runs to the next full stop (commas separate listed
/// findings: "no fever, chills or cough"), except that a listed part with a finite verb of its own starts a
/// new clause ("no focal lesion, the left kidney shows a cyst": the kidney is not negated). The scopes are
/// returned too: text inside one is not an affirmation.
/// </summary>
internal sealed partial class NegationExtractor(ChineseSegmenter segmenter)
{
    private const int MinKeyLength = 2;
    private const int MaxScope = 80;

    private static readonly string[] ChineseFillers = ["明显", "任何", "其他", "其它", "特殊", "明确", "既往"];
    private static readonly string[] ChineseSuffixes = ["病史", "史", "等"];
    private static readonly HashSet<string> EnglishFillers = new(StringComparer.Ordinal)
    {
        "any", "evidence", "signs", "sign", "history", "of", "the", "a", "an", "known", "obvious", "significant", "further", "other", "recent", "acute",
    };

    private static readonly HashSet<string> EnglishStops = new(StringComparer.Ordinal)
    {
        "is", "was", "were", "are", "be", "been", "has", "have", "had", "shows", "showed", "noted", "seen", "at", "on", "in", "since", "for",
        "after", "before", "during", "today", "yesterday", "but", "with", "to",
    };

    /// <summary>Finite verbs that make a comma-separated part a clause of its own, outside the negation before it.</summary>
    private static readonly HashSet<string> EnglishClauseVerbs = new(StringComparer.Ordinal)
    {
        "is", "are", "was", "were", "has", "have", "had", "shows", "show", "showed", "demonstrates", "measures", "measured", "appears",
        "remains", "looks", "contains",
    };

    public (IReadOnlyList<Fact> Facts, IReadOnlyList<(int Start, int End)> Scopes) Extract(string folded)
    {
        var facts = new List<Fact>();
        var scopes = new List<(int, int)>();
        foreach (Match m in ChineseCue().Matches(folded))
        {
            var end = ScopeEnd(folded, m.Index + m.Length, ",。;:!?\n()");
            scopes.Add((m.Index, end));
            Items(folded, m, ChineseItems(folded, m.Index + m.Length, end), facts);
        }

        foreach (Match m in EnglishCue().Matches(folded))
        {
            var end = EnglishClauseEnd(folded, m.Index + m.Length, ScopeEnd(folded, m.Index + m.Length, ".;:!?\n()"));
            scopes.Add((m.Index, end));
            Items(folded, m, EnglishItems(folded, m.Index + m.Length, end), facts);
        }

        return (facts, scopes);
    }

    /// <summary>The folded term as a key (a trailing "history" off), or empty when too short to compare.</summary>
    private static string Key(string term)
    {
        var key = term.Trim();
        key = key.EndsWith(" history", StringComparison.Ordinal) ? key[..^" history".Length] : key;
        return key.Length >= MinKeyLength ? key : "";
    }

    private static void Items(string folded, Match cue, IEnumerable<(int Start, int Length, string Term)> items, List<Fact> facts)
    {
        var first = true;
        foreach (var (start, length, term) in items)
        {
            var key = Key(term);
            if (key.Length == 0 || !key.Any(char.IsLetter))
            {
                continue;
            }

            // The first finding carries its cue (否认高血压); the next ones stand alone (糖尿病).
            var from = first ? cue.Index : start;
            facts.Add(new Fact(GroundingItemKind.Negation, from, start + length - from, key));
            first = false;
        }
    }

    private IEnumerable<(int Start, int Length, string Term)> ChineseItems(string folded, int from, int end)
    {
        foreach (var (start, length) in Split(folded, from, end, ItemSeparatorZh()))
        {
            var words = segmenter.Words(folded.Substring(start, length))
                .Select(w => (Start: start + w.Start, w.Length, Text: folded.Substring(start + w.Start, w.Length)))
                .Where(w => !string.IsNullOrWhiteSpace(w.Text))
                .SkipWhile(w => ChineseFillers.Contains(w.Text))
                .Take(3)
                .ToList();
            if (words.Count > 0)
            {
                // The term without a last word 史/病史/等, cut at jieba's boundary (糖尿病|史, not 糖尿|病史).
                var term = string.Concat(words.Take(words.Count > 1 && ChineseSuffixes.Contains(words[^1].Text) ? words.Count - 1 : words.Count).Select(w => w.Text));
                yield return (words[0].Start, words[^1].Start + words[^1].Length - words[0].Start, term);
            }
        }
    }

    private static IEnumerable<(int Start, int Length, string Term)> EnglishItems(string folded, int from, int end)
    {
        foreach (var (start, length) in Split(folded, from, end, ItemSeparatorEn()))
        {
            var words = Word().Matches(folded, start).TakeWhile(w => w.Index < start + length)
                .SkipWhile(w => EnglishFillers.Contains(w.Value))
                .TakeWhile(w => !EnglishStops.Contains(w.Value))
                .Take(4)
                .ToList();
            if (words.Count > 0)
            {
                var span = words[^1].Index + words[^1].Length - words[0].Index;
                yield return (words[0].Index, span, folded.Substring(words[0].Index, span));
            }
        }
    }

    private static IEnumerable<(int Start, int Length)> Split(string folded, int from, int end, Regex separator)
    {
        var start = from;
        for (var s = separator.Match(folded, from, end - from); s.Success; s = s.NextMatch())
        {
            yield return (start, s.Index - start);
            start = s.Index + s.Length;
        }

        yield return (start, end - start);
    }

    /// <summary>Where the first listed part (after the first) that has a finite verb of its own starts: a new clause; else <paramref name="end"/>.</summary>
    private static int EnglishClauseEnd(string folded, int from, int end)
    {
        var first = true;
        foreach (var (start, length) in Split(folded, from, end, ItemSeparatorEn()))
        {
            if (!first && Word().Matches(folded.Substring(start, length)).Any(w => EnglishClauseVerbs.Contains(w.Value)))
            {
                return start;
            }

            first = false;
        }

        return end;
    }

    /// <summary>The end of a cue's clause: the first break, and never further than <see cref="MaxScope"/> (a text without punctuation stays linear).</summary>
    private static int ScopeEnd(string folded, int from, string breaks)
    {
        var window = folded.AsSpan(from, Math.Min(MaxScope, folded.Length - from));
        var at = window.IndexOfAny(breaks);
        return from + (at < 0 ? window.Length : at);
    }

    // 无力 (weakness) is a finding, not a negation.
    [GeneratedRegex("否认|未见|未闻及|未触及|未诉|未发现|未出现|没有|不伴|无(?!力)", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseCue();

    [GeneratedRegex(@"(?<![a-z])(?:denies|denied|deny|negative for|absence of|free of|without|no)(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishCue();

    [GeneratedRegex("、|/|及|和|与|或", RegexOptions.CultureInvariant)]
    private static partial Regex ItemSeparatorZh();

    [GeneratedRegex(@",|/|\bor\b|\band\b|\bnor\b", RegexOptions.CultureInvariant)]
    private static partial Regex ItemSeparatorEn();

    [GeneratedRegex("[a-z][a-z-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
