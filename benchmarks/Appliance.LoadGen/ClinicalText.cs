using System.Text;

namespace Appliance.LoadGen;

/// <summary>
/// Clinical-sounding filler text from a fixed list of common English and clinical words, for
/// prompts whose length matters but whose meaning does not. Deterministic for a given generator.
/// </summary>
internal static class ClinicalText
{
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

    /// <summary>Appends about <paramref name="words"/> words as sentences of 6 to 15 words, each ending with ". ".</summary>
    public static void AppendSentences(StringBuilder text, ref SplitMix64 random, int words)
    {
        var remaining = words;
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
    }
}
