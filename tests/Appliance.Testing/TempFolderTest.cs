namespace Appliance.Testing;

/// <summary>
/// Base of a test class whose every test gets a fresh <see cref="TempFolder"/> (xunit makes one
/// instance of the class a test and disposes it after), deleted with everything written in it.
/// </summary>
public abstract class TempFolderTest : IDisposable
{
    /// <param name="prefix">The folder name's start, so a leftover says which tests wrote it.</param>
    protected TempFolderTest(string prefix = "appliance-tests")
    {
        Folder = new TempFolder(prefix);
    }

    protected TempFolder Folder { get; }

    public void Dispose()
    {
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
