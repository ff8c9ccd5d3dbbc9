using System.Text;

namespace Appliance.LoadGen;

/// <summary>
/// The texts of Embed calls: each of exactly N words of <see cref="ClinicalText"/>, deterministic from the
/// seed, the call number and the text's place in the call, so every model of a run embeds the same texts.
/// Warmup calls draw another sequence.
/// </summary>
internal sealed class EmbedTexts
{
    private const ulong MeasuredSalt = 0x454D_4245_4400_0000UL;
    private const ulong WarmupSalt = 0x454D_4245_4401_0000UL;

    private readonly uint _seed;
    private readonly int _count;
    private readonly int _words;

    public EmbedTexts(uint seed, int count, int words)
    {
        _seed = seed;
        _count = count;
        _words = words;
    }

    public string[] Build(int index, bool warmup)
    {
        var texts = new string[_count];
        for (var i = 0; i < texts.Length; i++)
        {
            var random = SplitMix64.Derive(_seed, index, (warmup ? WarmupSalt : MeasuredSalt) + (ulong)i);
            var text = new StringBuilder(_words * 8);
            ClinicalText.AppendSentences(text, ref random, _words);
            texts[i] = text.ToString().TrimEnd();
        }

        return texts;
    }
}
