namespace Appliance.Catalog.Tests.Manifests;

/// <summary>Builds manifest JSON from a valid base by replacing, adding or removing raw values.</summary>
public static class ManifestJson
{
    public const string Sha = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";

    private static readonly (string Key, string Raw)[] Base =
    [
        ("id", "\"qwen\""),
        ("kind", "\"text-generation\""),
        ("format", "\"gguf\""),
        ("file", "\"qwen.gguf\""),
        ("sha256", $"\"{Sha}\""),
        ("context_length", "4096"),
    ];

    /// <summary>The base manifest with each (key, raw JSON) applied; a null raw removes the key.</summary>
    public static string With(params (string Key, string? Raw)[] changes)
    {
        var entries = Base.Select(e => (e.Key, Raw: (string?)e.Raw)).ToList();
        foreach (var (key, raw) in changes)
        {
            var index = entries.FindIndex(e => e.Key == key);
            if (index >= 0)
            {
                entries[index] = (key, raw);
            }
            else
            {
                entries.Add((key, raw));
            }
        }

        var lines = entries.Where(e => e.Raw is not null).Select(e => $"  \"{e.Key}\": {e.Raw}");
        return "{\n" + string.Join(",\n", lines) + "\n}\n";
    }
}
