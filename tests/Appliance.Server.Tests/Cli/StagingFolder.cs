namespace Appliance.Server.Tests.Cli;

/// <summary>A fresh temporary folder for <c>models add</c> tests: weights under <c>weights/</c>, manifests at the top.</summary>
public sealed class StagingFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "appliance-add-" + Guid.NewGuid().ToString("N")[..8]);

    public StagingFolder()
    {
        Directory.CreateDirectory(Weights);
    }

    public string Weights => System.IO.Path.Combine(Path, "weights");

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Every file under the folder with its bytes' length and last write, to prove a refusal wrote nothing.</summary>
    public string Snapshot() => string.Join('\n', Directory.GetFiles(Path, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
