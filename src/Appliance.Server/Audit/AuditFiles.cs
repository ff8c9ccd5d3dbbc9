using System.Globalization;
using Appliance.Core.Audit;

namespace Appliance.Server.Audit;

/// <summary>
/// The audit folder on disk: file names <c>audit-YYYYMMDD-NNN.jsonl</c> (UTC day, index within
/// the day), opening files owner-only, finding where the chain left off, and retention.
/// </summary>
internal static class AuditFiles
{
    private const string Prefix = "audit-";
    private const string Extension = ".jsonl";

    /// <summary>A file of the folder with the day and index its name gives.</summary>
    public sealed record Entry(string Path, DateOnly Day, int Index);

    /// <summary>Where the chain left off: the newest file, its size, the last whole record, and whether its tail is torn.</summary>
    public sealed record Tail(Entry? File, long Length, AuditRecord? Last, bool Torn);

    /// <summary>Audit files of <paramref name="directory"/>, oldest first.</summary>
    public static IReadOnlyList<Entry> List(string directory) =>
        Directory.EnumerateFiles(directory, Prefix + "*" + Extension)
            .Select(Parse)
            .OfType<Entry>()
            .OrderBy(e => e.Day).ThenBy(e => e.Index)
            .ToList();

    public static string NameOf(DateOnly day, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{day:yyyyMMdd}-{index:D3}{Extension}");

    /// <summary>Creates the folder (mode 0700 on Unix); one that cannot be created fails the start, naming the setting.</summary>
    public static void CreateFolder(string directory)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Fail closed: a box that cannot keep its audit trail does not serve.
            throw new InvalidOperationException(
                $"the audit log folder '{directory}' (Appliance:Audit:Directory) cannot be created: {ex.Message}. " +
                "Create it writable for the service user, or point Appliance:Audit:Directory elsewhere.", ex);
        }
    }

    /// <summary>Opens <paramref name="path"/> for appending, creating it with mode 0600 on Unix.</summary>
    public static FileStream OpenAppend(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    /// <summary>Reads the newest file to find the last whole record (walking back over a torn tail).</summary>
    public static async Task<Tail> ReadTailAsync(string directory, CancellationToken cancellationToken)
    {
        var files = List(directory);
        if (files.Count == 0)
        {
            return new Tail(null, 0, null, false);
        }

        var newest = files[^1];
        var text = await File.ReadAllTextAsync(newest.Path, cancellationToken);
        var length = new FileInfo(newest.Path).Length;
        var torn = text.Length > 0 && !text.EndsWith('\n');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (AuditChain.TryParse(lines[i], out _) is { } record)
            {
                return new Tail(newest, length, record, torn || i != lines.Length - 1);
            }
        }

        return new Tail(newest, length, null, torn || lines.Length > 0);
    }

    /// <summary>The first record of the oldest file that has one (the first record kept after retention), or null.</summary>
    public static async Task<AuditRecord?> ReadFirstRecordAsync(string directory, CancellationToken cancellationToken)
    {
        foreach (var entry in List(directory))
        {
            using var reader = new StreamReader(entry.Path);
            if (await reader.ReadLineAsync(cancellationToken) is { } line && AuditChain.TryParse(line, out _) is { } record)
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>Deletes files whose whole day is older than <paramref name="retentionDays"/> days; never <paramref name="current"/>.</summary>
    public static IReadOnlyList<string> DeleteExpired(string directory, DateTimeOffset now, int retentionDays, string? current)
    {
        var cutoff = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-retentionDays));
        var deleted = new List<string>();
        foreach (var entry in List(directory))
        {
            if (entry.Day < cutoff && !string.Equals(entry.Path, current, StringComparison.Ordinal))
            {
                File.Delete(entry.Path);
                deleted.Add(entry.Path);
            }
        }

        return deleted;
    }

    private static Entry? Parse(string path)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);

        // audit-YYYYMMDD-NNN
        var parts = name.Split('-');
        return parts.Length == 3
               && DateOnly.TryParseExact(parts[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
               && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? new Entry(path, day, index)
            : null;
    }
}
