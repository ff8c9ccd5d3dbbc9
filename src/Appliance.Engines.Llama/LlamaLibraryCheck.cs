using System.Runtime.InteropServices;

namespace Appliance.Engines.Llama;

/// <summary>
/// Checks a llama.cpp build given as <c>Appliance:Llama:NativeLibraryPath</c> before anything calls
/// into it. LLamaSharp passes llama.cpp's structs by value, so a library of another commit does not
/// fail cleanly: it reads garbage parameters and aborts the process (seen: <c>n_ctx_train (0)</c>,
/// <c>GGML_ASSERT(n_backends &gt; 0)</c>). Symbols do not tell the commits apart (a newer build
/// exports every function the binding calls), but every build stamps its commit into
/// <c>libggml-base.so</c> (<c>ggml_commit()</c>, a constant string: safe to call). Hand-written: no
/// library checks llama.cpp's ABI; this reads that stamp and compares it with the binding's commit.
/// Loading <c>libggml-base.so</c> runs no backend code, so the check runs in the server's own process.
/// </summary>
public static class LlamaLibraryCheck
{
    /// <summary>
    /// The llama.cpp commit LLamaSharp 0.30.0 binds: its README's version table, and what its own
    /// prebuilt <c>libggml-base.so</c> reports (<c>815a2a591</c>, ggml 0.18.0). The package's release
    /// notes name c0c7e147, the commit of LLamaSharp 0.28.0: not what 0.30.0 was built from.
    /// </summary>
    public const string BoundCommit = "815a2a5915f22ce6a760c676389c5dfe8535c08f";

    /// <summary>
    /// Null when <paramref name="libllamaPath"/> is a build of <see cref="BoundCommit"/>; otherwise why
    /// not, naming the setting, the commit found and what to do.
    /// </summary>
    public static string? Problem(string libllamaPath)
    {
        ArgumentNullException.ThrowIfNull(libllamaPath);
        const string Key = "Appliance:Llama:NativeLibraryPath";
        const string Remedy = "build one with appliance/native/build-libllama.sh, or remove the setting to use the bundled library";
        var ggmlBase = Path.Combine(Path.GetDirectoryName(libllamaPath) ?? ".", "libggml-base.so");
        if (!File.Exists(ggmlBase))
        {
            return $"{Key}: no libggml-base.so beside '{libllamaPath}' (a llama.cpp build puts libllama.so and its libggml*.so in one folder); {Remedy}";
        }

        var stamp = Stamp(ggmlBase);
        if (stamp is null)
        {
            return $"{Key}: '{ggmlBase}' cannot be loaded or reports no llama.cpp commit (ggml_commit); LLamaSharp 0.30.0 needs a build of llama.cpp commit {BoundCommit[..12]}: {Remedy}";
        }

        var (commit, version) = stamp.Value;
        if (commit.Length < 7 || !BoundCommit.StartsWith(commit, StringComparison.OrdinalIgnoreCase))
        {
            return $"{Key}: '{libllamaPath}' was built from llama.cpp commit '{commit}' (ggml {version}); LLamaSharp 0.30.0 needs commit {BoundCommit[..12]} (ggml 0.18.0), "
                + $"and a library of another commit has other struct layouts and would abort the appliance: {Remedy}";
        }

        var (llama, error) = Load(libllamaPath);
        if (error is not null)
        {
            // The loader's own words say which dependency is missing (a library built with a
            // RUNPATH into a build folder that is gone: libggml.so.0 not found).
            return $"{Key}: '{libllamaPath}' cannot be loaded ({error}); keep libllama.so and its libggml*.so together in one folder; {Remedy}";
        }

        return NativeLibrary.TryGetExport(llama, "llama_decode", out _)
            ? null
            : $"{Key}: '{libllamaPath}' is no libllama (no llama_decode); {Remedy}";
    }

    /// <summary>The loaded library, or why the dynamic loader refuses <paramref name="path"/> (its message names the missing file).</summary>
    private static (nint Handle, string? Error) Load(string path)
    {
        try
        {
            return (NativeLibrary.Load(path), null);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return (0, ex.Message.ReplaceLineEndings(" ").Trim());
        }
    }

    /// <summary>The commit and ggml version a libggml-base.so reports; null when it cannot be loaded or has no stamp.</summary>
    public static unsafe (string Commit, string Version)? Stamp(string ggmlBasePath)
    {
        if (!NativeLibrary.TryLoad(ggmlBasePath, out var library) || !NativeLibrary.TryGetExport(library, "ggml_commit", out var commitFunction))
        {
            return null;
        }

        var commit = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)commitFunction)()) ?? "";
        var version = NativeLibrary.TryGetExport(library, "ggml_version", out var versionFunction)
            ? Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)versionFunction)()) ?? "unknown"
            : "unknown";
        return (commit, version);
    }
}
