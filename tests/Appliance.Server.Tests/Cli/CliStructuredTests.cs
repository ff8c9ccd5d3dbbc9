using Appliance.Cli.Commands;

namespace Appliance.Server.Tests.Cli;

/// <summary><c>appliancectl generate --choice / --grammar / --json-schema</c> against the real server and the random-weight model.</summary>
[Collection(ServerCollection.Name)]
public sealed class CliStructuredTests(ServerFixture server) : IDisposable
{
    private readonly TempFolder _folder = new("appliance-cli-structured");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Generate_Choice_PrintsExactlyOneChoiceAndTheVerdict()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", server.Address, "generate", "--model", ServerFixture.ModelId, "--seed", "3", "--max-tokens", "16", "--choice", "urgent,routine", "Triage:");

        Assert.True(exit == ExitCodes.Success, cli.All);
        Assert.Contains(cli.Output.Trim(), new[] { "urgent", "routine" });
        Assert.Contains("structured valid", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_GrammarFile_AnswerFollowsIt()
    {
        var grammar = _folder.Combine("yesno.gbnf");
        await File.WriteAllTextAsync(grammar, "root ::= \"yes\" | \"no\"\n");
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", server.Address, "generate", "--model", ServerFixture.ModelId, "--seed", "5", "--max-tokens", "8", "--grammar", grammar, "Fever?");

        Assert.True(exit == ExitCodes.Success, cli.All);
        Assert.Contains(cli.Output.Trim(), new[] { "yes", "no" });
    }

    [Fact]
    public async Task Generate_JsonSchemaFile_AnswerIsJsonOfThatShape()
    {
        var schema = _folder.Combine("triage.json");
        await File.WriteAllTextAsync(schema, """{ "type": "object", "properties": { "level": { "enum": ["urgent", "routine"] } }, "required": ["level"], "additionalProperties": false }""");
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", server.Address, "generate", "--model", ServerFixture.ModelId, "--seed", "2", "--max-tokens", "64", "--json-schema", schema, "Triage as JSON:");

        Assert.True(exit == ExitCodes.Success, cli.All);
        using var answer = System.Text.Json.JsonDocument.Parse(cli.Output);
        Assert.Contains(answer.RootElement.GetProperty("level").GetString(), new[] { "urgent", "routine" });
        Assert.Contains("structured valid", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_TwoFormatsOrAMissingFile_RefusedBeforeAnyCall()
    {
        var both = new CliRunner();
        var missing = new CliRunner();

        var bothExit = await both.RunAsync("--server", server.Address, "generate", "--model", ServerFixture.ModelId, "--choice", "a,b", "--grammar", _folder.Combine("x.gbnf"), "x");
        var missingExit = await missing.RunAsync("--server", server.Address, "generate", "--model", ServerFixture.ModelId, "--json-schema", _folder.Combine("absent.json"), "x");

        Assert.NotEqual(ExitCodes.Success, bothExit);
        Assert.Contains("--json-schema, --grammar and --choice are alternatives", both.All, StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.Success, missingExit);
        Assert.Contains("--json-schema: no file at", missing.All, StringComparison.Ordinal);
    }
}
