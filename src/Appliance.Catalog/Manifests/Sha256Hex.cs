using System.Buffers;
using System.Security.Cryptography;

namespace Appliance.Catalog.Manifests;

/// <summary>sha256 of files as lowercase hex, streamed so multi-GB weights never sit in memory.</summary>
public static class Sha256Hex
{
    /// <summary>Read size: large enough that hashing, not syscalls, dominates.</summary>
    internal const int BufferSize = 1 << 20;

    /// <summary>Hashes a file; IO errors (missing, unreadable) propagate as exceptions.</summary>
    /// <returns>64 lowercase hex characters.</returns>
    public static Task<string> OfFileAsync(string path, CancellationToken cancellationToken) =>
        OfFileAsync(path, onProgress: null, progressIntervalBytes: long.MaxValue, cancellationToken);

    /// <summary>
    /// Hashes a file, calling <paramref name="onProgress"/> with (bytes done, total bytes)
    /// each time another <paramref name="progressIntervalBytes"/> have been read, and once at the end.
    /// The callback runs on the hashing thread, between reads.
    /// </summary>
    /// <returns>64 lowercase hex characters.</returns>
    public static async Task<string> OfFileAsync(
        string path,
        Action<long, long>? onProgress,
        long progressIntervalBytes,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(progressIntervalBytes);

        // BufferSize = 0: the stream must not copy into a buffer of its own on top of ours.
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0,
        });
        await using (stream)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                var total = stream.Length;
                var done = 0L;
                var nextReport = progressIntervalBytes;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    done += read;
                    if (done >= nextReport && done < total)
                    {
                        onProgress?.Invoke(done, total);
                        nextReport = done + progressIntervalBytes;
                    }
                }

                onProgress?.Invoke(done, total);
                return Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
