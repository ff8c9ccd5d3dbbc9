using System.Text.RegularExpressions;
using Appliance.Core.Grounding;
using Appliance.Grounding.Text;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// Left, right or both, with what it qualifies (the key): 左下肢 → 下肢, 左肾 → 肾, 双侧 肺 → 肺,
/// "left lower limb" → "lower limb", "right-sided weakness" → "weakness". Chinese words come from
/// jieba (<see cref="ChineseSegmenter"/>); English takes up to two words after the side ("both" is
/// not read: "both parents" is not a side). A side with
/// nothing after it ("on the left") is not an item: there is nothing to compare.
/// </summary>
internal sealed partial class LateralityExtractor(ChineseSegmenter segmenter)
{
    private const int ChineseWindow = 12;

    private static readonly HashSet<string> EnglishStops = new(StringComparer.Ordinal)
    {
        "and", "or", "with", "of", "in", "on", "is", "was", "were", "are", "at", "to", "the", "a", "an", "but", "for",
        "side", "sided", "away", "now", "here", "after", "than", "as",
    };

    private static readonly HashSet<string> ChinesePositional = new(StringComparer.Ordinal) { "上", "下", "前", "后", "中", "侧" };

    public IEnumerable<Fact> Extract(string folded, Func<int, int, bool> taken)
    {
        foreach (Match m in ChineseSide().Matches(folded))
        {
            if (m.Value == "左右" || taken(m.Index, m.Length))
            {
                continue;
            }

            var target = ChineseTarget(folded, m.Index, m.Length);
            if (target.Length > 0)
            {
                yield return new Fact(GroundingItemKind.Laterality, m.Index, m.Length + target.Length, target) { Side = SideOf(m.Value) };
            }
        }

        foreach (Match m in EnglishSide().Matches(folded))
        {
            var words = m.Groups["w"].Captures.Select(c => c.Value).TakeWhile(w => !EnglishStops.Contains(w)).Take(2).ToList();
            if (words.Count > 0 && !taken(m.Index, m.Length))
            {
                var last = m.Groups["w"].Captures[words.Count - 1];
                yield return new Fact(GroundingItemKind.Laterality, m.Index, last.Index + last.Length - m.Index, string.Join(' ', words)) { Side = SideOf(m.Groups["side"].Value) };
            }
        }
    }

    /// <summary>The word after a Chinese side cue (or the rest of the word the cue starts, as in 左肾).</summary>
    private string ChineseTarget(string folded, int cueStart, int cueLength)
    {
        var end = cueStart;
        while (end < folded.Length && end - cueStart < ChineseWindow && IsHan(folded[end]))
        {
            end++;
        }

        var clause = folded[cueStart..end];
        var words = segmenter.Words(clause);
        var parts = new List<string>();
        foreach (var (start, length) in words)
        {
            if (start + length <= cueLength)
            {
                continue;
            }

            var from = Math.Max(start, cueLength);
            parts.Add(clause.Substring(from, start + length - from));
            if (!ChinesePositional.Contains(parts[^1]) || parts.Count == 2)
            {
                break;
            }
        }

        return string.Concat(parts);
    }

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff';

    private static char SideOf(string cue) => cue switch
    {
        "左" or "左侧" or "left" => 'L',
        "右" or "右侧" or "right" => 'R',
        _ => 'B',
    };

    [GeneratedRegex("左右|双侧|两侧|左侧|右侧|双|左|右", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseSide();

    // The words are read in a lookahead so that "left arm and right leg" still finds "right".
    [GeneratedRegex(@"(?<![a-z])(?<side>left|right|bilateral|bilaterally)(?![a-z])(?:-sided|\s+side)?(?=(?:\s+(?<w>[a-z]+)){0,4})", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishSide();
}
