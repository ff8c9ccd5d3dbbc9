using Appliance.Cli.Commands;
using Appliance.Core.Security;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <c>appliancectl config check</c> (issue 21, item 2) runs the built server program in its check mode
/// against a site configuration folder: a good one passes; a misspelt key, a clients file and a settings file
/// with a missing comma and a broken manifest are each reported with key or file and the right line, and the
/// exit code says the server would not start. Nothing listens: the check composes the server and stops.
/// </summary>
public sealed class CliConfigCheckTests : IDisposable
{
    private readonly TempFolder _folder = new("appliance-config-check");
    private readonly CliRunner _cli = new();

    public CliConfigCheckTests()
    {
        _folder.Folder("models");
        _folder.Write("appsettings.Production.json", Settings(""));
        _folder.Write("clients.json", $$"""{ "Appliance": { "Clients": { "his": { "ApiKeyHashes": [ "{{ApiKeyHash.Hash(ApiKeyHash.NewKey())}}" ], "AllowedModels": [ "*" ] } } } }""");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ConfigCheck_GoodConfiguration_ExitsZero()
    {
        var exit = await CheckAsync();

        Assert.True(exit == ExitCodes.Success, _cli.All);
        Reports(_cli, "ok      settings, clients and TLS files");
        Reports(_cli, "ok      model manifests");
        Reports(_cli, "ok      task templates");
        Reports(_cli, "ok      drug lexicons");
        Reports(_cli, "ok      memory budgets");
        Reports(_cli, "configuration OK");
    }

    [Fact]
    public async Task ConfigCheck_TypoAndClientsMissingComma_NamesKeyAndTheLineTheCommaBelongsTo()
    {
        // A typo in a section the clients read (Scheduler: the default client's policy) must not hide the clients file's problem.
        _folder.Write("appsettings.Production.json", Settings("\"Server\": { \"EnableReflecton\": false }, \"Scheduler\": { \"DrainTimout\": \"00:00:10\" },"));
        // Line 3 lacks its comma; the reader notices on line 4.
        _folder.Write("clients.json", $"{{ \"Appliance\": {{ \"Clients\": {{\n  \"his\": {{\n    \"AllowedModels\": [ \"*\" ]\n    \"ApiKeyHashes\": [ \"{ApiKeyHash.Hash(ApiKeyHash.NewKey())}\" ]\n}} }} }} }}\n");

        var exit = await CheckAsync();

        Assert.True(exit == ExitCodes.Failure, _cli.All);
        Reports(_cli, "FAILED  settings, clients and TLS files: 3 problems");
        Reports(_cli, "Appliance:Scheduler:DrainTimout: unknown key (did you mean Appliance:Scheduler:DrainTimeout?)");
        Reports(_cli, "Appliance:Server:EnableReflecton: unknown key (did you mean Appliance:Server:EnableReflection?)");
        Reports(_cli, "clients.json: malformed JSON at line 3, position 29: a ',' is missing at the end of this line");
        Reports(_cli, "configuration NOT OK: 3 problems");
        Assert.DoesNotContain("   at ", _cli.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_SettingsFileMissingCommaAndBadManifest_ReportsFileLineAndManifestKey()
    {
        var settings = Settings("").Split('\n');
        // Drop the comma after the Models section: the reader sees it only at the next key, a line lower.
        var line = Array.FindIndex(settings, l => l.Contains("\"Audit\"", StringComparison.Ordinal)) - 1;
        settings[line] = settings[line].TrimEnd().TrimEnd(',');
        _folder.Write("appsettings.Production.json", string.Join('\n', settings));

        var exit = await CheckAsync();

        Assert.True(exit == ExitCodes.Failure, _cli.All);
        Reports(_cli, $"appsettings.Production.json");
        Reports(_cli, $"malformed JSON at line {line + 1}, position {settings[line].TrimEnd().Length + 1}: a ',' is missing");

        // That fixed, a manifest with a broken field is the next problem.
        _folder.Write("appsettings.Production.json", Settings(""));
        _folder.Write("models/qwen.json", TestManifests.Json(("context_length", "0")));
        var again = new CliRunner();

        exit = await again.RunAsync(Arguments());

        Assert.True(exit == ExitCodes.Failure, again.All);
        Reports(again, "FAILED  model manifests: 1 problem");
        Reports(again, "qwen.json: context_length:");
    }

    [Fact]
    public async Task ConfigCheck_BrokenSiteTemplateAndLexiconLine_EachReportedAsFileKeyProblemUnderItsHeading()
    {
        var tasks = _folder.Folder("tasks");
        var lexicons = _folder.Folder("lexicons");
        _folder.Write("appsettings.Production.json", Settings($"\"Tasks\": {{ \"SiteFolder\": \"{tasks}\" }}, \"Grounding\": {{ \"LexiconFolder\": \"{lexicons}\" }},"));
        var template = _folder.Write("tasks/site.yaml", Tasks.TasksServerFixture.PolicyTemplate("site.summary", "sometimes"));
        var lexicon = _folder.Write("lexicons/formulary.tsv", "hospital-0042\tfoobarin|福巴林\nno tab on this line\n");

        var exit = await CheckAsync();

        Assert.True(exit == ExitCodes.Failure, _cli.All);
        Reports(_cli, "ok      settings, clients and TLS files");
        Reports(_cli, "FAILED  task templates: 1 problem");
        Reports(_cli, $"  - {template}: grounding: ");
        Reports(_cli, "FAILED  drug lexicons: 1 problem");
        Reports(_cli, $"  - {lexicon}: line 2: expected id<TAB>name|name|... (one tab, at least one name); the line is skipped");
        Reports(_cli, "configuration NOT OK: 2 problems");
    }

    [Fact]
    public async Task ConfigCheck_ModelBeyondTheMemoryBudget_ReportsTheRefusalItWouldMeetAtStart()
    {
        await Appliance.Catalog.Demo.SyntheticModelFiles.WriteAsync(
            _folder.Combine("models"), "tiny", new Appliance.Catalog.Gguf.SyntheticModelOptions(), maxSequences: 2, batchTokens: 64, CancellationToken.None);
        _folder.Write("appsettings.Production.json", Settings("\"Memory\": { \"Host\": \"64KiB\" },"));

        var exit = await CheckAsync();

        Assert.True(exit == ExitCodes.Failure, _cli.All);
        Reports(_cli, "FAILED  memory budgets: 1 problem");
        Reports(_cli, "model 'tiny' would be refused at start: it does not fit in the memory budget: host needs an estimated");
        Reports(_cli, "the host budget is 64.0 KiB (Appliance:Memory:Host \"64KiB\")");
    }

    [Fact]
    public async Task ConfigCheck_NoServerProgram_ExitsInvalidArgumentNamingTheOption()
    {
        var exit = await _cli.RunAsync("config", "check", "--server-binary", _folder.Combine("nothing-here"));

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains("--server-binary: file", _cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet run", _cli.All, StringComparison.Ordinal);
    }

    private static void Reports(CliRunner cli, string expected) =>
        Assert.True(cli.Output.Contains(expected, StringComparison.Ordinal), $"expected '{expected}' in:\n{cli.All}");

    private Task<int> CheckAsync() => _cli.RunAsync(Arguments());

    private string[] Arguments() =>
        ["config", "check", "--config-dir", _folder.Path, "--server-binary", Path.Combine(AppContext.BaseDirectory, "Appliance.Server")];

    private string Settings(string extra) => $$"""
        {
          "Kestrel": { "Endpoints": { "Grpc": { "Url": "http://127.0.0.1:0", "Protocols": "Http2" } } },
          "Appliance": {
            {{extra}}
            "Security": { "AllowLoopbackPlaintext": true },
            "Metrics": { "Port": 0 },
            "Models": {
              "ManifestDirectories": [ "{{_folder.Combine("models")}}" ],
              "EmbeddingModel": false
            },
            "Audit": { "Directory": "{{_folder.Combine("audit")}}" }
          }
        }
        """;
}
