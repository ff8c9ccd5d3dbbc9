using Appliance.Catalog.Manifests;
using Appliance.Core.Models;

namespace Appliance.Catalog.Tests.Manifests;

public sealed class ManifestReasoningTests : TempFolderTest
{
    [Fact]
    public void LoadFile_ReasoningMarkers_AreRead()
    {
        var path = Folder.Write("r1.json", TestManifests.Json(("reasoning", """{"start": "<think>", "end": "</think>", "max_tokens": 2048}""")));

        var manifest = ManifestLoader.LoadFile(path).Manifest;

        Assert.Equal(new ReasoningMarkers("<think>", "</think>", 2048), manifest!.Reasoning);
    }

    [Fact]
    public void LoadFile_NoReasoningKey_MeansNoMarkersAndAnAbsentBudgetTakesTheDefault()
    {
        var none = Folder.Write("plain.json", TestManifests.Json());
        var noBudget = Folder.Write("r1.json", TestManifests.Json(("reasoning", """{"start": "<think>", "end": "</think>"}""")));

        Assert.Null(ManifestLoader.LoadFile(none).Manifest!.Reasoning);
        Assert.Equal(ReasoningMarkers.DefaultMaxTokens, ManifestLoader.LoadFile(noBudget).Manifest!.Reasoning!.MaxTokens);
    }

    [Theory]
    [InlineData("\"<think>\"", "reasoning", "must be an object such as")]
    [InlineData("""{"start": "<think>"}""", "reasoning.end", "is required")]
    [InlineData("""{"start": "<think>", "end": "<think>"}""", "reasoning.end", "must differ from \"start\"")]
    [InlineData("""{"start": "", "end": "</think>"}""", "reasoning.start", "must be 1 to 32 characters")]
    [InlineData("""{"start": " <think>", "end": "</think>"}""", "reasoning.start", "without leading or trailing whitespace")]
    [InlineData("""{"start": 1, "end": "</think>"}""", "reasoning.start", "must be a string (got number 1)")]
    [InlineData("""{"start": "<think>", "end": "</think>", "max_tokens": 0}""", "reasoning.max_tokens", "must be an integer between 1 and")]
    [InlineData("""{"start": "<think>", "end": "</think>", "max_token": 9}""", "reasoning.max_token", "unknown key (did you mean \"max_tokens\"?)")]
    public void LoadFile_InvalidReasoning_ReportsOneErrorNamingTheKey(string raw, string key, string problem)
    {
        var path = Folder.Write("r1.json", TestManifests.Json(("reasoning", raw)));

        var result = ManifestLoader.LoadFile(path);

        Assert.Null(result.Manifest);
        var error = Assert.Single(result.Errors);
        Assert.Equal(key, error.Key);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_MisspeltReasoningKey_SuggestsIt()
    {
        var path = Folder.Write("r1.json", TestManifests.Json(("reasonning", """{"start": "<think>", "end": "</think>"}""")));

        var error = Assert.Single(ManifestLoader.LoadFile(path).Errors);

        Assert.Equal("unknown key (did you mean \"reasoning\"?)", error.Problem);
    }

    [Fact]
    public void LoadFile_ReasoningOnAnEmbeddingModel_IsRefused()
    {
        var path = Folder.Write("e.json", TestManifests.Json(("kind", "\"embedding\""), ("reasoning", """{"start": "<think>", "end": "</think>"}""")));

        var errors = ManifestLoader.LoadFile(path).Errors;

        Assert.Contains(errors, e => e.Key == "reasoning" && e.Problem.Contains("only for \"text-generation\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_ReasoningMarkers_RoundTrip()
    {
        var manifest = new ModelManifest
        {
            Id = "r1",
            Kind = ModelKind.TextGeneration,
            Format = ModelFormat.Gguf,
            FilePath = "r1.gguf",
            Sha256 = TestManifests.Sha,
            ContextLength = 4096,
            Reasoning = new ReasoningMarkers("<think>", "</think>", 512),
            ManifestPath = "ignored",
        };

        var read = ManifestWriter.Write(manifest, Folder.Combine("r1.json"));

        Assert.Equal(manifest.Reasoning, read.Reasoning);
        Assert.Contains("\"reasoning\": {", File.ReadAllText(Folder.Combine("r1.json")), StringComparison.Ordinal);
    }
}
