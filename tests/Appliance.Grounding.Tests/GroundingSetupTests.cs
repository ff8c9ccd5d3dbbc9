using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Grounding.Tests;

/// <summary>AddGrounding as the server composes it: options bound and validated, one checker, its dictionaries beside the binaries.</summary>
public sealed class GroundingSetupTests
{
    [Fact]
    public void AddGrounding_BindsTheLexiconFolder_AndServesOneChecker()
    {
        using var folder = new TempFolder("grounding-setup");
        using var provider = Build(new() { ["Appliance:Grounding:LexiconFolder"] = folder.Path });

        Assert.Equal(folder.Path, provider.GetRequiredService<IOptions<GroundingOptions>>().Value.LexiconFolder);
        Assert.Same(provider.GetRequiredService<GroundingChecker>(), provider.GetRequiredService<IGroundingChecker>());
    }

    [Fact]
    public void Options_DefaultFolder_IsTheDocumentedOne()
    {
        using var provider = Build([]);

        Assert.Equal("/srv/appliance/lexicons", provider.GetRequiredService<IOptions<GroundingOptions>>().Value.LexiconFolder);
    }

    [Theory]
    [InlineData("lexicons", "is not an absolute path")]
    [InlineData(" ", "must be an absolute folder path")]
    public void Options_BadFolder_IsRefusedNamingTheKey(string value, string problem)
    {
        using var provider = Build(new() { ["Appliance:Grounding:LexiconFolder"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GroundingOptions>>().Value);
        Assert.Contains("Appliance:Grounding:LexiconFolder: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmenterDictionaries_AreBesideTheBinaries()
    {
        // jieba.NET reads them from Resources/ under the application's base folder; the server's output and publish folders get the same copy.
        Assert.All(["dict.txt", "prob_trans.json", "prob_emit.json"], f => Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Resources", f)), f));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddGrounding(configuration);
        return services.BuildServiceProvider();
    }
}
