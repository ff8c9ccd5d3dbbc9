namespace Appliance.Catalog;

/// <summary>
/// The stream that the GGUF and ONNX header readers work on: read-only and seekable, so that they
/// skip tensor data and graph nodes instead of reading a multi-GB file through.
/// </summary>
internal static class ModelFileStream
{
    /// <summary>Opens the file at <paramref name="path"/> for reading (others may read it too) and reads it with <paramref name="read"/>.</summary>
    public static T Read<T>(string path, Func<Stream, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
        return read(stream);
    }

    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read or cannot seek.</exception>
    public static void RequireSeekable(Stream stream, string format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException($"{format} reading needs a readable, seekable stream.", nameof(stream));
        }
    }
}
