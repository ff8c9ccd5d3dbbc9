namespace Appliance.Catalog.Manifests;

/// <summary>
/// One problem found in a manifest file. <see cref="ToString"/> gives the operator-facing
/// line, for example <c>models/qwen.json: context_length: must be between 16 and 1048576 (got 0)</c>.
/// </summary>
/// <param name="File">The manifest file (or manifests folder) as configured, not necessarily absolute.</param>
/// <param name="Key">
/// The JSON key at fault, or a pseudo key in parentheses for problems with no key:
/// <c>(file)</c> (unreadable file), <c>(json)</c> (malformed JSON or not an object),
/// <c>(directory)</c> (manifests folder unusable).
/// </param>
/// <param name="Problem">What is wrong, with the offending value where it helps.</param>
public sealed record ManifestError(string File, string Key, string Problem)
{
    /// <summary>The one-line message: <c>file: key: problem</c>.</summary>
    public override string ToString() => $"{File}: {Key}: {Problem}";
}
