using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Appliance.Grounding.Tests;

/// <summary>
/// One checker for the whole test assembly (loading jieba's dictionary and compiling the drug matcher are the slow part), with the
/// shipped drug list only and every log line it wrote.
/// </summary>
public sealed class CheckerFixture : IDisposable
{
    private readonly TempFolder _emptyLexicons = new("grounding-lexicons");

    public CheckerFixture()
    {
        var provider = new CapturingLoggerProvider(Logs);
        Checker = new GroundingChecker(Options.Create(new GroundingOptions { LexiconFolder = _emptyLexicons.Path }), provider.CreateLogger<GroundingChecker>());
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    public GroundingChecker Checker { get; }

    /// <summary>Checks one output against one source, as CheckGrounding does.</summary>
    public GroundingReport Check(string source, string output) =>
        Checker.Check([new GroundingText("source", source)], [new GroundingText("output", output)]);

    public void Dispose() => _emptyLexicons.Dispose();
}

[CollectionDefinition(Name)]
public sealed class CheckerCollection : ICollectionFixture<CheckerFixture>
{
    public const string Name = "grounding checker";
}
