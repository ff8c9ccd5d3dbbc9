namespace Appliance.Catalog.Manifests;

/// <summary>The outcome of checking a model's weights file against its manifest.</summary>
/// <param name="Status">What was found.</param>
/// <param name="FilePath">The weights file checked.</param>
/// <param name="ExpectedSha256">The manifest's sha256 (lowercase hex).</param>
/// <param name="ActualSha256">The file's sha256 when it could be read in full; else null.</param>
/// <param name="Error">The IO error message when <see cref="ModelVerifyStatus.Unreadable"/>; else null.</param>
public sealed record ModelVerifyResult(
    ModelVerifyStatus Status,
    string FilePath,
    string ExpectedSha256,
    string? ActualSha256 = null,
    string? Error = null)
{
    /// <summary>True when the file matches the manifest.</summary>
    public bool IsOk => Status == ModelVerifyStatus.Ok;

    /// <summary>One operator-facing line, suitable as a model's failure reason.</summary>
    public string Describe() => Status switch
    {
        ModelVerifyStatus.Ok => $"sha256 ok: {FilePath} is {ActualSha256}",
        ModelVerifyStatus.Missing => $"weights file not found: {FilePath}",
        ModelVerifyStatus.Unreadable => $"weights file unreadable: {FilePath}: {Error}",
        ModelVerifyStatus.Sha256Mismatch => $"sha256 mismatch: manifest says {ExpectedSha256}, file is {ActualSha256} ({FilePath})",
        _ => $"unknown verification status {Status}: {FilePath}",
    };
}
