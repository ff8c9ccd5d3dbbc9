using System.Text.RegularExpressions;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// An engine's backend description as callers see it (ModelInfo.backend): every absolute path cut
/// to its file name. The engines already describe themselves without paths; this holds the
/// contract's promise for text they quote from elsewhere (a native or ONNX Runtime error message
/// in a CUDA fallback reason). The log keeps the full text for IT.
/// </summary>
internal static partial class BackendText
{
    public static string ForCallers(string? backend) =>
        string.IsNullOrEmpty(backend) ? string.Empty : AbsolutePath().Replace(backend, m => m.Groups["file"].Value);

    /// <summary>A '/' or drive-letter path not inside a word, up to its last segment (the file name, kept).</summary>
    [GeneratedRegex(@"(?<![\w.:/\\])(?:[A-Za-z]:)?[/\\](?:[^\s/\\,;'""()\[\]]+[/\\])*(?<file>[^\s/\\,;'""()\[\]]*)")]
    private static partial Regex AbsolutePath();
}
