using Appliance.Cli.Commands;

namespace Appliance.Server.Tests.Tasks;

/// <summary><c>appliancectl task list|show|run</c> against the real server (the tasks fixture).</summary>
[Collection(TasksServerCollection.Name)]
public sealed class CliTaskTests(TasksServerFixture server) : IDisposable
{
    private readonly TempFolder _folder = new("appliance-cli-tasks");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task List_Family_TableOfItsVariants()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", server.Address, "task", "list", "--family", "report.normalise");

        Assert.True(exit == ExitCodes.Success, cli.All);
        var lines = cli.Output.Trim().Split('\n');
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Equal(["report.normalise.en", "report.normalise.ultrasound.zh", "report.normalise.zh"], lines[1..].Select(l => l.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.Contains("exam_type=ultrasound,language=zh", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Variant_InputsAndSchema()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", server.Address, "task", "show", "notes.extract.zh");

        Assert.True(exit == ExitCodes.Success, cli.All);
        Assert.Contains("grounding policy reject", cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"\nnote +yes +30000 ", cli.Output);
        Assert.Contains("\"lab_values\": {", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InputFromFileAndFlag_PrintsJsonAndUngroundedItems()
    {
        var note = $"Aspirin 100 mg ({Guid.NewGuid():N}) {RoutingGroundingChecker.Tag}";
        server.Answers.Add(note, """{"summary":"Aspirin 300 mg"}""");
        var file = _folder.Write("note.txt", note);
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", server.Address, "task", "run", "policy.annotate", "--input-file", $"note={file}");

        Assert.True(exit == ExitCodes.Success, cli.All);
        Assert.Equal("{\n  \"summary\": \"Aspirin 300 mg\"\n}", cli.Output.Trim().ReplaceLineEndings("\n"));
        Assert.Contains("policy.annotate 1.0.0 on canned: 1 checked items, 1 ungrounded; annotated after 1 attempt(s)", cli.Error, StringComparison.Ordinal);
        Assert.Contains("ungrounded dose at /summary: not found in the inputs", cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--input", "note", "--input: expected name=value")]
    [InlineData("--input-file", "note=/no/such/file", "--input-file: cannot read it")]
    public async Task Run_BadInputOption_RefusedBeforeSending(string option, string value, string message)
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", server.Address, "task", "run", "policy.annotate", option, value);

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains(message, cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingInput_ServerRefusalNamesTheField()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync("--server", server.Address, "task", "run", "discharge.summary", "-a", "language=zh", "-i", "admission_note=入院");

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains("inputs.progress_notes: required", cli.Error, StringComparison.Ordinal);
    }
}
