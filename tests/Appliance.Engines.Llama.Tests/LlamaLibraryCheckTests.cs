namespace Appliance.Engines.Llama.Tests;

/// <summary>
/// The start-up check of Appliance:Llama:NativeLibraryPath (issue 18): the bundled build of the
/// bound commit passes; a build stamped with another commit is refused by name before anything
/// calls into it (such a library aborted the process at its first model load).
/// </summary>
public sealed class LlamaLibraryCheckTests : TempFolderTest
{
    /// <summary>The bundled CPU build without AVX (loads on any x86-64 machine).</summary>
    private static readonly string Bundled = BundledLlamaLibrary.Folder;

    [Fact]
    public void Problem_BundledLibraryOfTheBoundCommit_None()
    {
        Assert.Null(LlamaLibraryCheck.Problem(Path.Combine(Bundled, "libllama.so")));
        Assert.Equal("815a2a591", LlamaLibraryCheck.Stamp(Path.Combine(Bundled, "libggml-base.so"))!.Value.Commit);
    }

    [Fact]
    public void Problem_LibraryOfAnotherCommit_RefusedNamingTheSettingTheCommitAndTheScript()
    {
        // The bundled build with its commit stamp rewritten: everything else about it is real.
        var folder = Folder.Folder("other-commit");
        Assert.True(BundledLlamaLibrary.CopyRewriting(folder, "libggml-base.so", "815a2a591", "0ad4a8600"), "the bundled libggml-base.so carries its commit stamp");

        var problem = LlamaLibraryCheck.Problem(Path.Combine(folder, "libllama.so"));

        Assert.NotNull(problem);
        Assert.StartsWith("Appliance:Llama:NativeLibraryPath:", problem, StringComparison.Ordinal);
        Assert.Contains("'0ad4a8600'", problem, StringComparison.Ordinal);
        Assert.Contains("815a2a5915f2", problem, StringComparison.Ordinal);
        Assert.Contains("build-libllama.sh", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_NoGgmlBaseBesideTheLibrary_Refused()
    {
        var lone = Folder.Combine("libllama.so");
        File.Copy(Path.Combine(Bundled, "libllama.so"), lone);

        Assert.Contains("no libggml-base.so beside", LlamaLibraryCheck.Problem(lone), StringComparison.Ordinal);
    }
}
