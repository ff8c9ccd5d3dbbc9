namespace Appliance.Catalog.Manifests;

/// <summary>The outcome of checking one of a model's files against its manifest.</summary>
/// <param name="Status">What was found.</param>
/// <param name="FilePath">The file checked.</param>
/// <param name="ExpectedSha256">The manifest's sha256 for that file (lowercase hex).</param>
/// <param name="ActualSha256">The file's sha256 when it could be read in full; else null.</param>
/// <param name="Error">The IO error message when <see cref="ModelVerifyStatus.Unreadable"/>; else null.</param>
public sealed record ModelVerifyResult(
    ModelVerifyStatus Status,
    string FilePath,
    string ExpectedSha256,
    string? ActualSha256 = null,
    string? Error = null)
{
    /// <summary>Which file this is: the weights (the default) or the vocabulary.</summary>
    public ModelFileRole Role { get; init; } = ModelFileRole.Weights;

    /// <summary>True when the file matches the manifest.</summary>
    public bool IsOk => Status == ModelVerifyStatus.Ok;

    /// <summary>One operator-facing line, suitable as a model's failure reason; it names the file and the manifest key that pins it.</summary>
    public string Describe() => Status switch
    {
        ModelVerifyStatus.Ok => $"{ShaKey} ok: {FilePath} is {ActualSha256}",
        ModelVerifyStatus.Missing => $"{Noun} file not found: {FilePath}",
        ModelVerifyStatus.Unreadable => $"{Noun} file unreadable: {FilePath}: {Error}",
        ModelVerifyStatus.Sha256Mismatch => $"{ShaKey} mismatch: manifest says {ExpectedSha256}, file is {ActualSha256} ({FilePath})",
        _ => $"unknown verification status {Status}: {FilePath}",
    };

    private string Noun => Role == ModelFileRole.Vocabulary ? "vocabulary" : "weights";

    private string ShaKey => Role == ModelFileRole.Vocabulary ? ManifestKeys.VocabularySha256 : ManifestKeys.Sha256;
}
