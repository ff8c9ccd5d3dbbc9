using Appliance.Core.Audit;

namespace Appliance.Cli.Commands;

/// <summary>
/// Anchors for <c>audit verify</c>: given as <c>--expect-head SEQ:HASH</c>, or read from files of
/// them, one per line (blank lines and <c># comments</c> skipped; text after the anchor, such as a
/// date a cron job added, ignored).
/// </summary>
internal static class AuditAnchorFile
{
    /// <summary>Every anchor, or the first one that is not <see cref="AuditAnchor.Format"/> (named by option or file and line).</summary>
    public static async Task<(IReadOnlyList<AuditAnchor> Anchors, string? Problem)> ReadAsync(
        IReadOnlyList<string> expectHeads, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var anchors = new List<AuditAnchor>();
        foreach (var text in expectHeads)
        {
            if (AuditAnchor.TryParse(text) is not { } anchor)
            {
                return ([], $"--expect-head: '{Shorten(text)}' is not an anchor; expected {AuditAnchor.Format}, as 'appliancectl audit head' prints");
            }

            anchors.Add(anchor);
        }

        foreach (var file in files)
        {
            var lines = await File.ReadAllLinesAsync(file, cancellationToken);
            for (var i = 0; i < lines.Length; i++)
            {
                var token = lines[i].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (token is null || token.StartsWith('#'))
                {
                    continue;
                }

                if (AuditAnchor.TryParse(token) is not { } anchor)
                {
                    return ([], $"--anchors: {file}:{i + 1}: '{Shorten(token)}' is not an anchor; expected {AuditAnchor.Format}, one per line");
                }

                anchors.Add(anchor);
            }
        }

        return (anchors, null);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
