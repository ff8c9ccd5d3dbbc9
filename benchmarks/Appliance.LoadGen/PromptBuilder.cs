using System.Text;

namespace Appliance.LoadGen;

/// <summary>
/// Builds prompts of about N words from a fixed list of common English and clinical words.
/// Deterministic: the same seed and index give the same prompt on every machine and runtime.
/// Each request index gets different text, so the server's prefix cache cannot serve one
/// request's prompt from another's (only the fixed instruction line is shared).
/// </summary>
internal sealed class PromptBuilder
{
    private const string Instruction = "Summarise the following clinical note in three sentences for the handover.";

    // Mostly words that common tokenizers keep as one token, so words approximate tokens.
    private static readonly string[] Words =
    [
        "the", "patient", "was", "admitted", "with", "pain", "in", "the", "chest", "and", "left", "arm",
        "blood", "pressure", "heart", "rate", "normal", "high", "low", "fever", "cough", "for", "three",
        "days", "history", "of", "diabetes", "type", "two", "on", "insulin", "no", "known", "allergies",
        "lungs", "clear", "abdomen", "soft", "not", "tender", "wound", "healing", "well", "after", "surgery",
        "she", "he", "reports", "mild", "nausea", "since", "morning", "plan", "to", "continue", "current",
        "dose", "review", "tomorrow", "urine", "output", "good", "oxygen", "saturation", "room", "air",
        "temperature", "stable", "overnight", "family", "informed", "discharge", "home", "when", "able",
        "walk", "eat", "drink", "pulse", "regular", "skin", "warm", "dry", "alert", "oriented", "time",
        "place", "person", "kidney", "function", "test", "results", "pending", "liver", "scan", "shows",
        "small", "change", "over", "last", "week", "nurse", "doctor", "ward", "night", "day", "sleep",
        "poor", "appetite", "weight", "loss", "fluid", "intake", "monitor", "closely", "check", "again",
    ];

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
        var remaining = Math.Max(1, _words - 12);
        while (remaining > 0)
        {
            // Sentences of 6 to 15 words, capitalised, ending with a full stop.
            var length = Math.Min(remaining, 6 + (int)random.Next(10));
            for (var i = 0; i < length; i++)
            {
                var word = Words[random.Next((uint)Words.Length)];
                text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                text.Append(i == length - 1 ? ". " : " ");
            }

            remaining -= length;
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fixed forever, unlike System.Random's algorithm.</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        public uint Next(uint bound)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (uint)((z ^ (z >> 31)) % bound);
        }
    }
}
