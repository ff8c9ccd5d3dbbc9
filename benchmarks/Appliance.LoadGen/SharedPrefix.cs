using System.Text;

namespace Appliance.LoadGen;

/// <summary>
/// The system message of about N words that every measured request starts with, so the server's
/// prefix cache can reuse its KV. Deterministic from the seed. Warmup requests get a different
/// text of the same length, so they warm the server up without caching the measured prefix.
/// </summary>
internal sealed class SharedPrefix
{
    private const string Lead = "You are the clinical documentation assistant of the hospital. Apply the ward guidance below to every request.";

    private const ulong MeasuredSalt = 0x5348_4152_4544_0001UL;
    private const ulong WarmupSalt = 0x5348_4152_4544_0002UL;

    public SharedPrefix(uint seed, int words)
    {
        Measured = words > 0 ? Build(seed, words, MeasuredSalt) : null;
        Warmup = words > 0 ? Build(seed, words, WarmupSalt) : null;
    }

    /// <summary>The system message of measured requests; null when there is none.</summary>
    public string? Measured { get; }

    /// <summary>The system message of warmup requests; null when there is none.</summary>
    public string? Warmup { get; }

    private static string Build(uint seed, int words, ulong salt)
    {
        var random = SplitMix64.Derive(seed, 0, salt);
        var text = new StringBuilder(Lead.Length + (words * 8));
        text.Append(Lead).Append("\n\n");
        ClinicalText.AppendSentences(text, ref random, Math.Max(1, words - 18));
        return text.ToString().TrimEnd();
    }
}
