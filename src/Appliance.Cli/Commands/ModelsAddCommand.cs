using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Catalog.Onnx;
using Appliance.Cli.Formatting;
using Appliance.Core;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>models add FILE --id ID</c>: stages a model file on the box, without the server. Reads the
/// file's format and metadata (GGUF or ONNX, never the weights into memory), hashes it, writes
/// <c>ID.json</c> with <see cref="ManifestWriter"/> and loads that folder's catalog exactly as the
/// server does to prove the manifest valid. Refusals (bad id, missing file, unknown format, an
/// existing manifest, options that do not fit the file) write nothing.
/// </summary>
public sealed class ModelsAddCommand
{
    /// <summary>The box's models folder (the installer makes it; the server reads manifests there).</summary>
    public const string BoxModelsDirectory = "/srv/appliance/models";

    /// <summary>Progress is redrawn after every this many bytes hashed.</summary>
    private const long ProgressIntervalBytes = 32L << 20;

    private const int LabelWidth = 14;
    private readonly CommandContext _context;

    public ModelsAddCommand(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>
    /// The models folder a local command uses when none is given: <see cref="BoxModelsDirectory"/>
    /// when it exists (on the box), else <paramref name="fallback"/> (<c>models add</c>: the current
    /// folder; <c>models verify</c>: <c>./models</c>, the repository's folder in development).
    /// </summary>
    public static string DefaultDirectory(Func<string, bool> directoryExists, string fallback)
    {
        ArgumentNullException.ThrowIfNull(directoryExists);
        return directoryExists(BoxModelsDirectory) ? BoxModelsDirectory : fallback;
    }

    /// <summary>Stages the model; the exit code says how it went (<see cref="ExitCodes"/>).</summary>
    public async Task<int> RunAsync(ModelsAddOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return await StageAsync(options, cancellationToken);
        }
        catch (StagingRefusedException refused)
        {
            await _context.Error.WriteLineAsync($"error: {refused.Message}");
            return refused.ExitCode;
        }
    }

    private async Task<int> StageAsync(ModelsAddOptions options, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsId(options.Id))
        {
            throw new StagingRefusedException(
                $"--id: '{options.Id}' is not a model id; it must be 1-64 of a-z 0-9 . _ - starting with a letter or digit");
        }

        var file = ExistingFile(options.File, "FILE");
        var vocabulary = options.Vocabulary is { } v ? ExistingFile(v, "--vocabulary") : null;
        var directory = Path.GetFullPath(options.Directory ?? DefaultDirectory(Directory.Exists, Environment.CurrentDirectory));
        var manifestPath = Path.Combine(directory, options.Id + ".json");
        CheckTarget(options, directory, manifestPath);

        var plan = Plan(file, options);
        await WriteFieldsAsync([("file", file), .. plan.Findings], cancellationToken);
        foreach (var warning in plan.Warnings)
        {
            await _context.Error.WriteLineAsync($"warning: {warning}");
        }

        var sha256 = await HashAsync(file, "FILE", options.LiveProgress, cancellationToken);
        var vocabularySha256 = vocabulary is null ? null : await HashAsync(vocabulary, "--vocabulary", options.LiveProgress, cancellationToken);
        await WriteFieldsAsync([("sha256", sha256)], cancellationToken);
        if (vocabulary is not null)
        {
            await WriteFieldsAsync([("vocabulary", $"{vocabulary} (sha256 {vocabularySha256})")], cancellationToken);
        }

        try
        {
            ManifestWriter.Write(plan.ToManifest(options.Id, file, sha256, vocabulary, vocabularySha256, manifestPath), manifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StagingRefusedException(ExitCodes.Failure, $"--out: cannot write {manifestPath}: {e.Message}");
        }

        await _context.Output.WriteLineAsync($"wrote {manifestPath}:");
        await _context.Output.WriteAsync(await File.ReadAllTextAsync(manifestPath, cancellationToken));
        return await CheckLoadsAsync(directory, manifestPath, file, cancellationToken);
    }

    /// <summary>The absolute path of an existing file, or a refusal naming <paramref name="option"/>.</summary>
    private static string ExistingFile(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new StagingRefusedException($"{option}: {full} is a folder, not a file");
        }

        return File.Exists(full) ? full : throw new StagingRefusedException(ExitCodes.NotFound, $"{option}: no such file: {full}");
    }

    private static void CheckTarget(ModelsAddOptions options, string directory, string manifestPath)
    {
        if (File.Exists(directory))
        {
            throw new StagingRefusedException($"--out: {directory} is a file, not a folder");
        }

        if (File.Exists(manifestPath) && !options.Force)
        {
            throw new StagingRefusedException($"--id: a manifest for '{options.Id}' already exists ({manifestPath}); pass --force to replace it");
        }

        // The server fails the second of two manifests with one id; refuse to write that second one.
        var other = ManifestLoader.LoadDirectory(directory)
            .FirstOrDefault(r => r.IsValid && r.ModelId == options.Id && r.ManifestPath != manifestPath);
        if (other is not null)
        {
            throw new StagingRefusedException(
                $"--id: '{options.Id}' is already the id in {other.ManifestPath}; the server would refuse one of the two (pick another id)");
        }
    }

    /// <summary>Reads the file's format and metadata and decides the manifest; unknown formats are refused.</summary>
    private static StagingPlan Plan(string file, ModelsAddOptions options)
    {
        try
        {
            var length = new FileInfo(file).Length;
            if (StartsWithGgufMagic(file))
            {
                GgufFile gguf;
                try
                {
                    gguf = GgufReader.ReadFile(file);
                }
                catch (InvalidDataException e)
                {
                    throw new StagingRefusedException($"FILE: {file} starts like a GGUF file but cannot be read: {e.Message}");
                }

                return GgufStaging.Plan(GgufModelSummary.Of(gguf), options, length);
            }

            OnnxModelInfo onnx;
            try
            {
                onnx = OnnxModelReader.ReadFile(file);
            }
            catch (InvalidDataException e)
            {
                throw new StagingRefusedException(
                    $"FILE: {file} is in an unknown format: not GGUF (no \"GGUF\" magic) and {e.Message}; models add stages GGUF and ONNX files");
            }

            return OnnxStaging.Plan(onnx, options, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StagingRefusedException(ExitCodes.Failure, $"FILE: {file} cannot be read: {e.Message}");
        }
    }

    private static bool StartsWithGgufMagic(string file)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("GGUF"u8);
    }

    private async Task<string> HashAsync(string file, string option, bool live, CancellationToken cancellationToken)
    {
        var progress = new HashProgress(_context.Error, Path.GetFileName(file), live);
        try
        {
            return await Sha256Hex.OfFileAsync(file, progress.Report, ProgressIntervalBytes, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StagingRefusedException(ExitCodes.Failure, $"{option}: {file} cannot be read: {e.Message}");
        }
        finally
        {
            progress.Clear();
        }
    }

    /// <summary>Loads the manifest's folder as the server's catalog does and reports the manifest's result.</summary>
    private async Task<int> CheckLoadsAsync(string directory, string manifestPath, string file, CancellationToken cancellationToken)
    {
        var result = ModelCatalog.Load([directory]).Results.FirstOrDefault(r => r.ManifestPath == manifestPath);
        if (result is not { Manifest: { } manifest })
        {
            await _context.Error.WriteLineAsync($"error: {manifestPath} was written but does not load:");
            foreach (var error in result?.Errors ?? [])
            {
                await _context.Error.WriteLineAsync($"  {error}");
            }

            return ExitCodes.Failure;
        }

        await WriteFieldsAsync(MemoryEstimateText.Lines(manifest).Select(line => ("memory", line)), cancellationToken);
        List<string> next =
        [
            $"valid: {manifest.Id} loads from {directory} as the server loads its manifests folders",
            "next:",
            $"  appliancectl models verify {directory}   # every manifest there, and the sha256 of every file",
        ];
        if (directory == BoxModelsDirectory)
        {
            next.Add($"  chown root:appliance {file} {manifestPath} && chmod 0640 {file} {manifestPath}");
        }

        next.Add("  systemctl restart appliance   # the server reads manifests when it starts (if this folder is one of its ManifestDirectories)");
        foreach (var line in next)
        {
            await _context.Output.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        return ExitCodes.Success;
    }

    private async Task WriteFieldsAsync(IEnumerable<(string Label, string Value)> fields, CancellationToken cancellationToken)
    {
        foreach (var (label, value) in fields)
        {
            await _context.Output.WriteLineAsync($"{label.PadRight(LabelWidth)}{value}".AsMemory(), cancellationToken);
        }
    }
}
