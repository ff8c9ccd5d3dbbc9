using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// Checks a model's weights file against the sha256 in its manifest. A missing, unreadable or
/// different file is a result, not an exception, so one bad model fails alone.
/// </summary>
public static class ModelFileVerifier
{
    /// <summary>Progress is reported at most once per this many bytes (plus once at the end).</summary>
    internal const long ProgressIntervalBytes = 256L << 20;

    /// <summary>
    /// Streams the weights through sha256 and compares. Throws only for a null manifest and
    /// for cancellation (<see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="manifest">The model whose <see cref="ModelManifest.FilePath"/> is checked.</param>
    /// <param name="progress">Receives bytes done / total every 256 MiB and at the end; may be null.</param>
    /// <param name="cancellationToken">Stops the check between reads.</param>
    public static Task<ModelVerifyResult> VerifyAsync(
        ModelManifest manifest,
        IProgress<ModelVerifyProgress>? progress,
        CancellationToken cancellationToken) =>
        VerifyAsync(manifest, progress, ProgressIntervalBytes, cancellationToken);

    internal static async Task<ModelVerifyResult> VerifyAsync(
        ModelManifest manifest,
        IProgress<ModelVerifyProgress>? progress,
        long progressIntervalBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var path = manifest.FilePath;
        var expected = manifest.Sha256.ToLowerInvariant();
        if (Directory.Exists(path))
        {
            return new ModelVerifyResult(ModelVerifyStatus.Unreadable, path, expected, Error: "is a folder, not a file");
        }

        Action<long, long>? onProgress = progress is null
            ? null
            : (done, total) => progress.Report(new ModelVerifyProgress(manifest.Id, done, total));
        try
        {
            var actual = await Sha256Hex.OfFileAsync(path, onProgress, progressIntervalBytes, cancellationToken);
            var status = string.Equals(actual, expected, StringComparison.Ordinal)
                ? ModelVerifyStatus.Ok
                : ModelVerifyStatus.Sha256Mismatch;
            return new ModelVerifyResult(status, path, expected, actual);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ModelVerifyResult(ModelVerifyStatus.Missing, path, expected);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ModelVerifyResult(ModelVerifyStatus.Unreadable, path, expected, Error: ex.Message);
        }
    }
}
