using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Appliance.Core.Configuration;

/// <summary>
/// Says where a JSON file an operator edits is broken, as an editor counts (line and byte from
/// one), without System.Text.Json's internal path and line fields. Used for model manifests and
/// the site's clients file.
/// </summary>
public static class JsonSyntaxError
{
    /// <summary>
    /// "malformed JSON at line L, position P: reason" (P counts bytes within the line). With the file's
    /// <paramref name="text"/>, a missing comma is placed where it is missing: the reader only notices it
    /// at the next value, which usually starts the next line, one line below the mistake.
    /// </summary>
    public static string Describe(JsonException exception, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (path >= 0 && (cut < 0 || path < cut))
        {
            cut = path;
        }

        var reason = (cut >= 0 ? message[..cut] : message).TrimEnd(' ', '.', '|');

        // JsonException counts lines and bytes from zero; editors count from one.
        var line = (exception.LineNumber ?? 0) + 1;
        var position = (exception.BytePositionInLine ?? 0) + 1;
        if (text is not null && reason.Contains("is invalid after a value", StringComparison.Ordinal)
            && PreviousLineEnd(text, line, position) is var (before, end))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"malformed JSON at line {before}, position {end}: a ',' is missing at the end of this line (the next value starts on line {line}; {reason})");
        }

        return string.Create(CultureInfo.InvariantCulture, $"malformed JSON at line {line}, position {position}: {reason}");
    }

    /// <summary>
    /// When only blanks precede byte <paramref name="position"/> of line <paramref name="line"/>, the last
    /// non-blank line before it and the position just after its last byte (both from one); else null.
    /// </summary>
    private static (int Line, int Position)? PreviousLineEnd(string text, long line, long position)
    {
        var lines = text.Split('\n');
        if (line < 2 || line > lines.Length)
        {
            return null;
        }

        var current = Encoding.UTF8.GetBytes(lines[line - 1]);
        var lead = Math.Min(position - 1, current.Length);
        for (var i = 0; i < lead; i++)
        {
            if (current[i] is not ((byte)' ' or (byte)'\t'))
            {
                return null;
            }
        }

        for (var i = (int)line - 2; i >= 0; i--)
        {
            var previous = lines[i].TrimEnd(' ', '\t', '\r');
            if (previous.Length > 0)
            {
                return (i + 1, Encoding.UTF8.GetByteCount(previous) + 1);
            }
        }

        return null;
    }
}
