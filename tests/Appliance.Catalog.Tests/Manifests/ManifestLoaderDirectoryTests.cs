using Appliance.Catalog.Manifests;

namespace Appliance.Catalog.Tests.Manifests;

public sealed class ManifestLoaderDirectoryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadDirectory_MissingFolder_ReturnsNoResults()
    {
        Assert.Empty(ManifestLoader.LoadDirectory(_folder.Combine("nope")));
    }

    [Fact]
    public void LoadDirectory_PathIsAFile_ReportsDirectoryError()
    {
        var path = _folder.Write("models", "not a folder");

        var result = Assert.Single(ManifestLoader.LoadDirectory(path));

        Assert.False(result.IsValid);
        Assert.Equal($"{path}: (directory): is a file, not a folder of manifests", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void LoadDirectory_MixedFiles_ReadsTopLevelJsonOnlyInNameOrder()
    {
        _folder.Write("b.json", TestManifests.Json(("id", "\"bravo\"")));
        _folder.Write("a.JSON", TestManifests.Json(("id", "\"alpha\"")));
        _folder.Write("notes.txt", "not a manifest");
        _folder.Write(".hidden.json", TestManifests.Json(("id", "\"hidden\"")));
        _folder.Write(Path.Combine("examples", "c.json"), TestManifests.Json(("id", "\"charlie\"")));

        var results = ManifestLoader.LoadDirectory(_folder.Path);

        Assert.Equal(["alpha", "bravo"], results.Select(r => r.ModelId));
        Assert.All(results, r => Assert.True(r.IsValid));
    }

    [Fact]
    public void LoadDirectory_SameIdInTwoFiles_LaterFileFailsNamingEarlier()
    {
        var first = _folder.Write("a.json", TestManifests.Json());
        var second = _folder.Write("b.json", TestManifests.Json(("max_sequences", "0")));

        var results = ManifestLoader.LoadDirectory(_folder.Path);

        Assert.True(results[0].IsValid);
        Assert.Equal("qwen", results[1].ModelId);
        Assert.Null(results[1].Manifest);
        Assert.Equal(["max_sequences", "id"], results[1].Errors.Select(e => e.Key));
        Assert.Equal($"{second}: id: duplicate id \"qwen\", already defined by {first}", results[1].Errors[1].ToString());
    }

    [Fact]
    public void LoadDirectories_SameIdInTwoFolders_LaterFolderFails()
    {
        var first = _folder.Write(Path.Combine("one", "z.json"), TestManifests.Json());
        _folder.Write(Path.Combine("two", "a.json"), TestManifests.Json());

        var results = ManifestLoader.LoadDirectories([_folder.Combine("one"), _folder.Combine("two")]);

        Assert.Equal(2, results.Count);
        Assert.True(results[0].IsValid);
        Assert.Contains($"already defined by {first}", Assert.Single(results[1].Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectories_SameFolderTwice_ReadsItOnce()
    {
        _folder.Write("a.json", TestManifests.Json());

        var results = ManifestLoader.LoadDirectories([_folder.Path, _folder.Path + Path.DirectorySeparatorChar]);

        Assert.True(Assert.Single(results).IsValid);
    }
}
