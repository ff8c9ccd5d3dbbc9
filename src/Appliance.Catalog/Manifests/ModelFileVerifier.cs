using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// Checks a model's files against the sha256 values in its manifest: the weights, and the
/// vocabulary when the manifest pins one. A missing, unreadable or different file is a result,
/// not an exception, so one bad model fails alone.
/// </summary>
public static class ModelFileVerifier
{
    /// <summary>Progress is reported at most once per this many bytes (plus once at the end).</summary>
    internal const long ProgressIntervalBytes = 256L << 20;

    /// <summary>
    /// Checks every file of the model (see <see cref="VerifyFilesAsync(ModelManifest, IProgress{ModelVerifyProgress}?, CancellationToken)"/>)
    /// and returns the first that is not intact, or the weights' result when all are.
    /// Throws only for a null manifest and for cancellation (<see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="manifest">The model whose files are checked.</param>
    /// <param name="progress">Receives the weights' bytes done / total every 256 MiB and at the end; may be null.</param>
    /// <param name="cancellationToken">Stops the check between reads.</param>
    public static Task<ModelVerifyResult> VerifyAsync(
        ModelManifest manifest,
        IProgress<ModelVerifyProgress>? progress,
        CancellationToken cancellationToken) =>
        VerifyAsync(manifest, progress, ProgressIntervalBytes, cancellationToken);

    /// <summary>
    /// Streams each of the model's files through sha256 and compares: the weights
    /// (<see cref="ModelManifest.FilePath"/>) first, then the vocabulary when the manifest has
    /// a <see cref="ModelManifest.VocabularySha256"/>. Every file is checked even when an
    /// earlier one failed, so an operator sees every problem at once.
    /// Throws only for a null manifest and for cancellation (<see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="manifest">The model whose files are checked.</param>
    /// <param name="progress">Receives the weights' bytes done / total every 256 MiB and at the end; may be null.</param>
    /// <param name="cancellationToken">Stops the check between reads.</param>
    /// <returns>One result per file, weights first.</returns>
    public static Task<IReadOnlyList<ModelVerifyResult>> VerifyFilesAsync(
        ModelManifest manifest,
        IProgress<ModelVerifyProgress>? progress,
        CancellationToken cancellationToken) =>
        VerifyFilesAsync(manifest, progress, ProgressIntervalBytes, cancellationToken);

    internal static async Task<ModelVerifyResult> VerifyAsync(
        ModelManifest manifest,
        IProgress<ModelVerifyProgress>? progress,
        long progressIntervalBytes,
        CancellationToken cancellationToken)
    {
        var results = await VerifyFilesAsync(manifest, progress, progressIntervalBytes, cancellationToken);
        return results.FirstOrDefault(r => !r.IsOk) ?? results[0];
    }

    internal static async Task<IReadOnlyList<ModelVerifyResult>> VerifyFilesAsync(
        ModelManifest manifest,
        IProgress<ModelVerifyProgress>? progress,
        long progressIntervalBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Action<long, long>? onProgress = progress is null
            ? null
            : (done, total) => progress.Report(new ModelVerifyProgress(manifest.Id, done, total));
        var weights = await VerifyFileAsync(
            ModelFileRole.Weights, manifest.FilePath, manifest.Sha256, onProgress, progressIntervalBytes, cancellationToken);
        if (manifest.VocabularyPath is not { } vocabularyPath || manifest.VocabularySha256 is not { } vocabularySha256)
        {
            return [weights];
        }

        // A vocabulary is a few hundred KiB: no progress of its own (it would restart the weights' bar).
        var vocabulary = await VerifyFileAsync(
            ModelFileRole.Vocabulary, vocabularyPath, vocabularySha256, onProgress: null, progressIntervalBytes, cancellationToken);
        return [weights, vocabulary];
    }

    private static async Task<ModelVerifyResult> VerifyFileAsync(
        ModelFileRole role,
        string path,
        string expectedSha256,
        Action<long, long>? onProgress,
        long progressIntervalBytes,
        CancellationToken cancellationToken)
    {
        var expected = expectedSha256.ToLowerInvariant();
        if (Directory.Exists(path))
        {
            return new ModelVerifyResult(ModelVerifyStatus.Unreadable, path, expected, Error: "is a folder, not a file") { Role = role };
        }

        try
        {
            var actual = await Sha256Hex.OfFileAsync(path, onProgress, progressIntervalBytes, cancellationToken);
            var status = string.Equals(actual, expected, StringComparison.Ordinal)
                ? ModelVerifyStatus.Ok
                : ModelVerifyStatus.Sha256Mismatch;
            return new ModelVerifyResult(status, path, expected, actual) { Role = role };
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ModelVerifyResult(ModelVerifyStatus.Missing, path, expected) { Role = role };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ModelVerifyResult(ModelVerifyStatus.Unreadable, path, expected, Error: ex.Message) { Role = role };
        }
    }
}
