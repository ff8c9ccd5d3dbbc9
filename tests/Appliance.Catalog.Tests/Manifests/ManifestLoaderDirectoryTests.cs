namespace Appliance.Catalog.Tests.Manifests;

public sealed class ManifestLoaderDirectoryTests : TempFolderTest
{
    [Fact]
    public void LoadDirectory_MissingFolder_ReturnsNoResults()
    {
        Assert.Empty(ManifestLoader.LoadDirectory(Folder.Combine("nope")));
    }

    [Fact]
    public void LoadDirectory_PathIsAFile_ReportsDirectoryError()
    {
        var path = Folder.Write("models", "not a folder");

        var result = Assert.Single(ManifestLoader.LoadDirectory(path));

        Assert.False(result.IsValid);
        Assert.Equal($"{path}: (directory): is a file, not a folder of manifests", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void LoadDirectory_MixedFiles_ReadsTopLevelJsonOnlyInNameOrder()
    {
        Folder.Write("b.json", TestManifests.Json(("id", "\"bravo\"")));
        Folder.Write("a.JSON", TestManifests.Json(("id", "\"alpha\"")));
        Folder.Write("notes.txt", "not a manifest");
        Folder.Write(".hidden.json", TestManifests.Json(("id", "\"hidden\"")));
        Folder.Write(Path.Combine("examples", "c.json"), TestManifests.Json(("id", "\"charlie\"")));

        var results = ManifestLoader.LoadDirectory(Folder.Path);

        Assert.Equal(["alpha", "bravo"], results.Select(r => r.ModelId));
        Assert.All(results, r => Assert.True(r.IsValid));
    }

    [Fact]
    public void LoadDirectory_SameIdInTwoFiles_LaterFileFailsNamingEarlier()
    {
        var first = Folder.Write("a.json", TestManifests.Json());
        var second = Folder.Write("b.json", TestManifests.Json(("max_sequences", "0")));

        var results = ManifestLoader.LoadDirectory(Folder.Path);

        Assert.True(results[0].IsValid);
        Assert.Equal("qwen", results[1].ModelId);
        Assert.Null(results[1].Manifest);
        Assert.Equal(["max_sequences", "id"], results[1].Errors.Select(e => e.Key));
        Assert.Equal($"{second}: id: duplicate id \"qwen\", already defined by {first}", results[1].Errors[1].ToString());
    }

    [Fact]
    public void LoadDirectories_SameIdInTwoFolders_LaterFolderFails()
    {
        var first = Folder.Write(Path.Combine("one", "z.json"), TestManifests.Json());
        Folder.Write(Path.Combine("two", "a.json"), TestManifests.Json());

        var results = ManifestLoader.LoadDirectories([Folder.Combine("one"), Folder.Combine("two")]);

        Assert.Equal(2, results.Count);
        Assert.True(results[0].IsValid);
        Assert.Contains($"already defined by {first}", Assert.Single(results[1].Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectories_SameFolderTwice_ReadsItOnce()
    {
        Folder.Write("a.json", TestManifests.Json());

        var results = ManifestLoader.LoadDirectories([Folder.Path, Folder.Path + Path.DirectorySeparatorChar]);

        Assert.True(Assert.Single(results).IsValid);
    }
}
