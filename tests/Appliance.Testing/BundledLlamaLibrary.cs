using System.Text;

namespace Appliance.Testing;

/// <summary>
/// Copies of LLamaSharp's bundled CPU build without AVX (loads on any x86-64 machine) in a folder of
/// their own, as appliance/native/build-libllama.sh leaves a build, with one string of one file
/// rewritten in place (same length): a test's way to make the bundled build look like another one.
/// </summary>
public static class BundledLlamaLibrary
{
    /// <summary>The bundled build's folder beside the test assembly.</summary>
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "noavx");

    /// <summary>Copies every bundled .so into <paramref name="target"/>; in <paramref name="file"/>, the first <paramref name="from"/> becomes <paramref name="to"/>. Returns false when <paramref name="from"/> is not in it.</summary>
    public static bool CopyRewriting(string target, string file, string from, string to)
    {
        if (from.Length != to.Length)
        {
            throw new ArgumentException("the replacement must keep the length (offsets in the file must not move)", nameof(to));
        }

        foreach (var library in Directory.GetFiles(Folder, "*.so"))
        {
            File.Copy(library, Path.Combine(target, Path.GetFileName(library)));
        }

        var path = Path.Combine(target, file);
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(from));
        if (at < 0)
        {
            return false;
        }

        Encoding.ASCII.GetBytes(to).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);
        return true;
    }
}
