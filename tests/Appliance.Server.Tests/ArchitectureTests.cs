using System.Reflection;

namespace Appliance.Server.Tests;

/// <summary>
/// The dependency direction of docs/architecture.md, for the product and the benchmarks, asserted so it
/// cannot rot silently; and no project of the repository declares a reference it does not use.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string[] Ours =
    [
        "Appliance.Contracts", "Appliance.Core", "Appliance.Scheduling", "Appliance.Catalog",
        "Appliance.Engines.Llama", "Appliance.Engines.Onnx", "Appliance.Tasks", "Appliance.Grounding", "Appliance.Server", "appliancectl",
    ];

    public static TheoryData<string, string[]> AllowedReferences() => new()
    {
        { "Appliance.Core", [] },
        { "Appliance.Contracts", [] },
        { "Appliance.Scheduling", ["Appliance.Core"] },
        { "Appliance.Catalog", ["Appliance.Core"] },
        { "Appliance.Engines.Llama", ["Appliance.Core"] },
        { "Appliance.Engines.Onnx", ["Appliance.Core"] },
        { "Appliance.Tasks", ["Appliance.Core"] },
        { "Appliance.Grounding", ["Appliance.Core"] },
        { "appliancectl", ["Appliance.Contracts", "Appliance.Catalog", "Appliance.Core"] },

        // Benchmarks: the load generator is a client of the contract only, as a hospital system is;
        // the engine bench drives the engine; the micro-benchmarks the scheduler, the server's hot paths and the grounding check;
        // the peer bench is a client of the contract and runs the raw native loop itself; the charts know none of ours.
        { "Appliance.LoadGen", ["Appliance.Contracts", "Appliance.BenchCharts"] },
        { "Appliance.PeerBench", ["Appliance.Contracts", "Appliance.Catalog", "Appliance.Engines.Llama", "Appliance.Core", "Appliance.BenchCharts"] },
        { "Appliance.BenchCharts", [] },
        { "Appliance.EngineBench", ["Appliance.Engines.Llama", "Appliance.Core"] },
        { "Appliance.Benchmarks", ["Appliance.Scheduling", "Appliance.Server", "Appliance.Grounding", "Appliance.Core", "Appliance.Contracts"] },
    };

    /// <summary>Every project of src, tests and benchmarks, by its path from the repository root.</summary>
    public static TheoryData<string> Projects() => new(ProjectFile.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(AllowedReferences))]
    public void Assembly_ReferencesOnlyWhatTheArchitectureAllows(string assembly, string[] allowed)
    {
        var references = ProjectFile.OfAssembly(assembly).ReferencedAssemblies()
            .Where(n => Ours.Contains(n))
            .ToList();

        Assert.All(references, r => Assert.Contains(r, allowed));
    }

    [Fact]
    public void EveryBenchmark_HasItsAllowedReferences()
    {
        var benchmarks = ProjectFile.All.Where(p => p.Name.StartsWith("benchmarks/", StringComparison.Ordinal)).Select(p => p.AssemblyName).ToList();
        var ruled = AllowedReferences().Select(row => (string)row[0]).ToList();

        Assert.Equal(["Appliance.BenchCharts", "Appliance.Benchmarks", "Appliance.EngineBench", "Appliance.LoadGen", "Appliance.PeerBench"], benchmarks.Order(StringComparer.Ordinal));
        Assert.All(benchmarks, b => Assert.Contains(b, ruled));
    }

    /// <summary>A ProjectReference that no code uses: the compiler leaves it out of the assembly's references, so it shows here.</summary>
    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_UsesEveryProjectItReferences(string project)
    {
        var file = ProjectFile.Named(project);
        var used = file.ReferencedAssemblies();

        var unused = file.ProjectReferences.Select(path => ProjectFile.All.Single(p => p.Path == path).AssemblyName).Where(a => !used.Contains(a)).ToList();

        Assert.True(unused.Count == 0, $"{project} references {string.Join(", ", unused)} but no code of it uses that: remove the ProjectReference");
    }

    [Fact]
    public void Core_DependsOnNoThirdPartyLibrary()
    {
        var references = Assembly.Load("Appliance.Core").GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard" || r.StartsWith("Microsoft.Extensions", StringComparison.Ordinal), r));
    }

    [Fact]
    public void Scheduling_KnowsNothingOfEnginesGrpcOrPrometheus()
    {
        var references = Assembly.Load("Appliance.Scheduling").GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => r.StartsWith("LLama", StringComparison.Ordinal) || r.StartsWith("Grpc", StringComparison.Ordinal)
            || r.StartsWith("Prometheus", StringComparison.Ordinal) || r.StartsWith("Microsoft.ML", StringComparison.Ordinal));
    }

    [Fact]
    public void Server_IsTheOnlyAssemblyReferencingEveryLayer()
    {
        var references = Assembly.Load("Appliance.Server").GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Appliance.Scheduling", references);
        Assert.Contains("Appliance.Engines.Llama", references);
        Assert.Contains("Appliance.Engines.Onnx", references);
        Assert.Contains("Appliance.Catalog", references);
    }
}
