using System.Text;

namespace Appliance.LoadGen;

/// <summary>
/// Builds prompts of about N words from <see cref="ClinicalText"/>'s word list.
/// Deterministic: the same seed and index give the same prompt on every machine and runtime.
/// Each request index gets different text, so the server's prefix cache cannot serve one
/// request's prompt from another's (only the fixed instruction line is shared).
/// </summary>
internal sealed class PromptBuilder
{
    private const string Instruction = "Summarise the following clinical note in three sentences for the handover.";

    private readonly uint _seed;
    private readonly int _words;

    public PromptBuilder(uint seed, int words)
    {
        _seed = seed;
        _words = words;
    }

    public string Build(int index)
    {
        var random = new SplitMix64(((ulong)_seed << 32) ^ (uint)index);
        var text = new StringBuilder(Instruction.Length + (_words * 8));
        text.Append(Instruction).Append("\n\n");
        ClinicalText.AppendSentences(text, ref random, Math.Max(1, _words - 12));
        return text.ToString().TrimEnd();
    }
}
