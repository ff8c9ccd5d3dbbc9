using System.Globalization;
using System.Text.Json;

namespace Appliance.Core.Configuration;

/// <summary>
/// Says where a JSON file an operator edits is broken, as an editor counts (line and byte from
/// one), without System.Text.Json's internal path and line fields. Used for model manifests and
/// the site's clients file.
/// </summary>
public static class JsonSyntaxError
{
    /// <summary>"malformed JSON at line L, position P: reason" (P counts bytes within the line).</summary>
    public static string Describe(JsonException exception)
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
        return string.Create(CultureInfo.InvariantCulture, $"malformed JSON at line {line}, position {position}: {reason}");
    }
}
