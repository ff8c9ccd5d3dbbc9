using Microsoft.Extensions.Logging;

namespace Appliance.Catalog.Tests.Manifests;

public sealed class ModelCatalogTests : TempFolderTest
{
    [Fact]
    public void Load_SeveralFolders_OrdersResultsById()
    {
        Folder.Write(Path.Combine("one", "a.json"), TestManifests.Json(("id", "\"zulu\"")));
        Folder.Write(Path.Combine("one", "b.json"), TestManifests.Json(("id", "\"mike\""), ("batch_tokens", "1")));
        Folder.Write(Path.Combine("two", "c.json"), TestManifests.Json(("id", "\"alpha\"")));

        var catalog = ModelCatalog.Load([Folder.Combine("one"), Folder.Combine("two"), Folder.Combine("missing")]);

        Assert.Equal(["alpha", "mike", "zulu"], catalog.Results.Select(r => r.ModelId));
        Assert.Equal(["alpha", "zulu"], catalog.Manifests.Select(m => m.Id));
        Assert.False(catalog.Results[1].IsValid);
    }

    [Fact]
    public void Load_DuplicateIdAcrossFolders_KeepsFirstFolderValidAndLoadOrderWithinId()
    {
        Folder.Write(Path.Combine("one", "x.json"), TestManifests.Json());
        Folder.Write(Path.Combine("two", "a.json"), TestManifests.Json());

        var catalog = ModelCatalog.Load([Folder.Combine("one"), Folder.Combine("two")]);

        Assert.Equal(2, catalog.Results.Count);
        Assert.Equal(Folder.Combine("one", "x.json"), catalog.Results[0].ManifestPath);
        Assert.True(catalog.Results[0].IsValid);
        Assert.False(catalog.Results[1].IsValid);
        Assert.Single(catalog.Manifests);
    }

    [Fact]
    public void Load_InvalidManifest_LogsWarningWithTheErrors()
    {
        var path = Folder.Write("bad.json", TestManifests.Json(("context_length", "0")));
        Folder.Write("good.json", TestManifests.Json(("id", "\"good\"")));
        var logger = new ListLogger();

        ModelCatalog.Load([Folder.Path], logger);

        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains($"{path}: context_length: must be between 16 and 1048576 (got 0)", warning.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("good", StringComparison.Ordinal));
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
