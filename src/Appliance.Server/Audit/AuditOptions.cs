namespace Appliance.Server.Audit;

/// <summary>The tamper-evident audit log (configuration section <c>Appliance:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Audit";

    /// <summary>Write a start and an end record for every appliance.v1 call.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder of the <c>audit-YYYYMMDD-NNN.jsonl</c> files. Default <c>/var/log/appliance/audit</c>; the Development profile uses <c>audit</c> under the cache folder.</summary>
    public string? Directory { get; set; }

    /// <summary>A new file is started before one would grow past this many bytes (default 64 MiB).</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Files older than this many days are deleted, at start and daily. Default 180: the legal minimum for network logs in China.</summary>
    public int RetentionDays { get; set; } = 180;

    /// <summary>How often written records are flushed to the file; a crash loses at most this much (default 1 s).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Production default of <see cref="Directory"/>.</summary>
    public const string DefaultDirectory = "/var/log/appliance/audit";
}
