namespace Appliance.Catalog.Manifests;

/// <summary>
/// Reads manifest files (<c>*.json</c>, one per model) and validates them. Never throws for a
/// bad manifest or folder: every problem comes back as a <see cref="ManifestError"/> naming
/// the file and the key.
/// </summary>
public static class ManifestLoader
{
    private static readonly EnumerationOptions TopLevelJsonFiles = new()
    {
        RecurseSubdirectories = false,
        MatchCasing = MatchCasing.CaseInsensitive,
        IgnoreInaccessible = false,

        // Hidden files (a leading dot on Linux) are editor and sync leftovers, not manifests.
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    /// <summary>Reads and validates one manifest file.</summary>
    /// <param name="path">The manifest file; errors name it as given here.</param>
    public static ManifestLoadResult LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ToResult(path, Parse(path));
    }

    /// <summary>
    /// Reads every <c>*.json</c> file at the top of <paramref name="directory"/> (not its
    /// subfolders), in file name order. A missing folder gives no results; a folder path
    /// that is a file, or a folder that cannot be listed, gives one result with the error.
    /// Two files with the same id: the later one fails, naming the earlier.
    /// </summary>
    public static IReadOnlyList<ManifestLoadResult> LoadDirectory(string directory) => LoadDirectories([directory]);

    /// <summary>
    /// Like <see cref="LoadDirectory"/> over several folders in order; an id defined again in
    /// a later file (same folder or a later one) is an error on that later file.
    /// A folder listed twice is read once.
    /// </summary>
    public static IReadOnlyList<ManifestLoadResult> LoadDirectories(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var results = new List<ManifestLoadResult>();
        var firstFileById = new Dictionary<string, string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(directory);
            if (!visited.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))))
            {
                continue;
            }

            foreach (var (displayPath, parsed) in ReadDirectory(directory))
            {
                results.Add(ToResult(displayPath, RejectDuplicate(displayPath, parsed, firstFileById)));
            }
        }

        return results;
    }

    private static IEnumerable<(string DisplayPath, ParsedManifest Parsed)> ReadDirectory(string directory)
    {
        if (File.Exists(directory))
        {
            return [(directory, DirectoryError(directory, "is a file, not a folder of manifests"))];
        }

        if (!Directory.Exists(directory))
        {
            return [];
        }

        string[] names;
        try
        {
            names = Directory.GetFiles(directory, "*.json", TopLevelJsonFiles)
                .Select(Path.GetFileName)
                .Order(StringComparer.Ordinal)
                .ToArray()!;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [(directory, DirectoryError(directory, $"cannot be listed: {ex.Message}"))];
        }

        return names.Select(name => Path.Combine(directory, name)).Select(path => (path, Parse(path)));
    }

    private static ParsedManifest Parse(string displayPath)
    {
        var manifestPath = Path.GetFullPath(displayPath);
        string json;
        try
        {
            var length = new FileInfo(manifestPath).Length;
            if (length > ManifestLimits.MaxManifestBytes)
            {
                return FileError(displayPath, $"is {length} bytes; a manifest is at most {ManifestLimits.MaxManifestBytes} bytes");
            }

            json = File.ReadAllText(manifestPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FileError(displayPath, $"cannot be read: {ex.Message}");
        }

        return ManifestParser.Parse(json, displayPath, manifestPath);
    }

    private static ParsedManifest RejectDuplicate(string displayPath, ParsedManifest parsed, Dictionary<string, string> firstFileById)
    {
        if (parsed.Id is not { } id)
        {
            return parsed;
        }

        if (firstFileById.TryAdd(id, displayPath))
        {
            return parsed;
        }

        var duplicate = new ManifestError(displayPath, ManifestKeys.Id, $"duplicate id \"{id}\", already defined by {firstFileById[id]}");
        return parsed with { Manifest = null, Errors = [.. parsed.Errors, duplicate] };
    }

    private static ManifestLoadResult ToResult(string displayPath, ParsedManifest parsed) => new(
        Path.GetFullPath(displayPath),
        parsed.Id ?? Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(displayPath)),
        parsed.Manifest,
        parsed.Errors);

    private static ParsedManifest FileError(string displayPath, string problem) =>
        new(null, null, [new ManifestError(displayPath, ManifestKeys.FileLevel, problem)]);

    private static ParsedManifest DirectoryError(string directory, string problem) =>
        new(null, null, [new ManifestError(directory, ManifestKeys.Directory, problem)]);
}
