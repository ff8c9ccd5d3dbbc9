namespace Appliance.Core.Configuration;

/// <summary>
/// Finds the known key an unknown one was probably meant to be ("contex_length",
/// "AllowedMethds"): the closest by edit distance, ignoring case, within two edits. Shared by
/// the manifest parser and the server's configuration key check, so both suggest alike.
/// </summary>
public static class KeySuggester
{
    /// <summary>Most edits (insert, delete, substitute a character) between a typo and its suggestion.</summary>
    public const int MaxDistance = 2;

    /// <summary>The candidate closest to <paramref name="unknown"/> (the first of equals), or null when none is within <see cref="MaxDistance"/>.</summary>
    public static string? Suggest(string unknown, IEnumerable<string> known) => Suggest(unknown, known, candidate => candidate);

    /// <summary>
    /// The candidate whose <paramref name="compared"/> part (a nested key's last segment, say) is closest to
    /// <paramref name="unknown"/> (the first of equals), or null when none is within <see cref="MaxDistance"/>.
    /// </summary>
    public static string? Suggest(string unknown, IEnumerable<string> known, Func<string, string> compared)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(compared);
        string? best = null;
        var bestDistance = MaxDistance + 1;
        var lower = unknown.ToLowerInvariant();
        foreach (var candidate in known)
        {
            var distance = Distance(lower, compared(candidate).ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Levenshtein distance; keys are short, so the two-row table is plenty.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
