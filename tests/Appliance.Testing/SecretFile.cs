namespace Appliance.Testing;

/// <summary>Writes test key files as a careful admin would: readable by the owner only.</summary>
public static class SecretFile
{
    public static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
