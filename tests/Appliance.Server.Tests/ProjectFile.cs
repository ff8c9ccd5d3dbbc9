using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Appliance.Server.Tests;

/// <summary>
/// A project of the repository (src, tests, benchmarks): its assembly name, the projects it
/// declares it references, and the assemblies its build output really references. The C# compiler
/// leaves a referenced assembly out of the output's metadata when no code uses it, so the two
/// lists differ exactly by the unused references.
/// </summary>
internal sealed record ProjectFile(string Path, string AssemblyName, IReadOnlyList<string> ProjectReferences)
{
    private static readonly string[] Folders = ["src", "tests", "benchmarks"];

    /// <summary>Every project under src, tests and benchmarks.</summary>
    public static IReadOnlyList<ProjectFile> All { get; } = Folders
        .SelectMany(folder => Directory.GetFiles(System.IO.Path.Combine(RepositoryPaths.Root, folder), "*.csproj", SearchOption.AllDirectories))
        .Where(path => !path.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(Read)
        .ToList();

    /// <summary>The path from the repository root, as the tests name the project.</summary>
    public string Name => System.IO.Path.GetRelativePath(RepositoryPaths.Root, Path).Replace('\\', '/');

    /// <summary>The project's assembly, built in this test's configuration and target framework (bin/Debug/net10.0).</summary>
    public string OutputPath
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
            return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "bin", output.Parent!.Name, output.Name, AssemblyName + ".dll");
        }
    }

    public static ProjectFile Named(string name) => All.Single(p => p.Name == name);

    public static ProjectFile OfAssembly(string assemblyName) => All.Single(p => p.AssemblyName == assemblyName);

    /// <summary>The names of the assemblies the build output references (read from its metadata, not loaded).</summary>
    public IReadOnlySet<string> ReferencedAssemblies()
    {
        Assert.True(File.Exists(OutputPath), $"{OutputPath} not found: build the solution first (dotnet build Appliance.sln)");
        using var stream = File.OpenRead(OutputPath);
        using var image = new PEReader(stream);
        var metadata = image.GetMetadataReader();
        return metadata.AssemblyReferences.Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name)).ToHashSet(StringComparer.Ordinal);
    }

    private static ProjectFile Read(string path)
    {
        var project = XDocument.Load(path);
        var assemblyName = project.Descendants("AssemblyName").Select(e => e.Value).LastOrDefault() ?? System.IO.Path.GetFileNameWithoutExtension(path);

        // A reference with ReferenceOutputAssembly="false" orders the build only; its assembly is not referenced.
        var references = project.Descendants("ProjectReference")
            .Where(e => !string.Equals((string?)e.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase))
            .Select(e => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, ((string)e.Attribute("Include")!).Replace('\\', '/'))))
            .ToList();
        return new ProjectFile(System.IO.Path.GetFullPath(path), assemblyName, references);
    }
}
