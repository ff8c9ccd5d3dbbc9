using System.Reflection;

namespace Appliance.Server.Tests;

/// <summary>The dependency direction of docs/architecture.md, asserted so it cannot rot silently.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] Ours =
    [
        "Appliance.Contracts", "Appliance.Core", "Appliance.Scheduling", "Appliance.Catalog",
        "Appliance.Engines.Llama", "Appliance.Engines.Onnx", "Appliance.Server", "appliancectl",
    ];

    public static TheoryData<string, string[]> AllowedReferences() => new()
    {
        { "Appliance.Core", [] },
        { "Appliance.Contracts", [] },
        { "Appliance.Scheduling", ["Appliance.Core"] },
        { "Appliance.Catalog", ["Appliance.Core"] },
        { "Appliance.Engines.Llama", ["Appliance.Core"] },
        { "Appliance.Engines.Onnx", ["Appliance.Core"] },
        { "appliancectl", ["Appliance.Contracts", "Appliance.Catalog", "Appliance.Core"] },
    };

    [Theory]
    [MemberData(nameof(AllowedReferences))]
    public void Assembly_ReferencesOnlyWhatTheArchitectureAllows(string assembly, string[] allowed)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => Ours.Contains(n))
            .ToList();

        Assert.All(references, r => Assert.Contains(r, allowed));
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
