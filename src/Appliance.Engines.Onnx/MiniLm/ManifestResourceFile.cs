using System.Buffers;
using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Appliance.Engines.Onnx.MiniLm;

/// <summary>
/// Copies a manifest resource out of a .NET assembly file by reading its PE and metadata tables:
/// the assembly is never loaded, so none of its code runs.
/// </summary>
internal static class ManifestResourceFile
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Streams resource <paramref name="resourceName"/> of <paramref name="assemblyPath"/> into
    /// <paramref name="destination"/> (created or overwritten) and returns its sha256 (lowercase hex).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a .NET assembly or does not embed the resource.</exception>
    public static async Task<string> ExtractAsync(string assemblyPath, string resourceName, string destination, CancellationToken cancellationToken)
    {
        var source = new FileStream(assemblyPath, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        await using (source)
        {
            var (start, directoryEnd) = Locate(source, assemblyPath, resourceName);

            // An embedded resource is a 4-byte little-endian length followed by the bytes.
            var prefix = new byte[4];
            source.Position = start;
            await source.ReadExactlyAsync(prefix, cancellationToken);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
            if (start + 4 + length > directoryEnd)
            {
                throw new InvalidDataException($"resource '{resourceName}' in '{assemblyPath}' runs past the resources directory");
            }

            return await CopyAsync(source, length, destination, cancellationToken);
        }
    }

    /// <summary>File offsets of the resource's length prefix and of the resources directory's end.</summary>
    private static (long Start, long DirectoryEnd) Locate(FileStream source, string assemblyPath, string resourceName)
    {
        using var pe = new PEReader(source, PEStreamOptions.LeaveOpen);
        if (!pe.HasMetadata || pe.PEHeaders.CorHeader is not { } cor
            || !pe.PEHeaders.TryGetDirectoryOffset(cor.ResourcesDirectory, out var directoryOffset))
        {
            throw new InvalidDataException($"'{assemblyPath}' is not a .NET assembly with embedded resources");
        }

        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (resource.Implementation.IsNil && metadata.StringComparer.Equals(resource.Name, resourceName))
            {
                return (directoryOffset + resource.Offset, directoryOffset + (long)cor.ResourcesDirectory.Size);
            }
        }

        throw new InvalidDataException($"'{assemblyPath}' embeds no resource '{resourceName}'");
    }

    private static async Task<string> CopyAsync(FileStream source, long length, string destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var target = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
            await using (target)
            {
                var left = length;
                while (left > 0)
                {
                    var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(left, BufferSize)), cancellationToken);
                    if (read == 0)
                    {
                        throw new EndOfStreamException($"'{source.Name}' ends inside a resource");
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    left -= read;
                }
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
