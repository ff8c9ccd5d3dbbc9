using Appliance.Core.Errors;
using Appliance.Tasks.Runs;

namespace Appliance.Tasks.Tests;

/// <summary>Inputs, prompt rendering and the answer's grounding texts.</summary>
public sealed class RunTests : IDisposable
{
    private readonly TemplateFiles _files = new();

    public void Dispose() => _files.Dispose();

    private TaskTemplate Template()
    {
        _files.WriteShipped("en.yaml", TemplateFiles.Valid("report.normalise.en"));
        return _files.Build().Catalog!.All[0];
    }

    [Theory]
    [InlineData(null, "inputs.dictation: required")]
    [InlineData("   ", "inputs.dictation: required")]
    public void RequiredInput_MissingOrBlank_RefusedNamingTheField(string? value, string message)
    {
        var inputs = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["dictation"] = value };

        Assert.Equal(message, Assert.Throws<InvalidRequestException>(() => TaskInputs.Check(Template(), inputs)).Message);
    }

    [Fact]
    public void Input_TooLongOrUnknown_RefusedWithLimitOrAllowedNames_NoValue()
    {
        var template = Template();

        var tooLong = Assert.Throws<InvalidRequestException>(() => TaskInputs.Check(template, new Dictionary<string, string> { ["dictation"] = new string('肝', 101) }));
        var unknown = Assert.Throws<InvalidRequestException>(() => TaskInputs.Check(template, new Dictionary<string, string> { ["dictation"] = "x", ["labs"] = "Hb 95" }));

        Assert.Equal("inputs.dictation: at most 100 characters (task 'report.normalise.en')", tooLong.Message);
        Assert.Equal("inputs.labs: not an input of task 'report.normalise.en'; its inputs are dictation", unknown.Message);
        Assert.DoesNotContain("Hb 95", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_Renders_InputVerbatimNotHtmlEncoded()
    {
        var prompt = TaskPrompt.Render(Template(), new Dictionary<string, string> { ["dictation"] = "左肾 <3 cm> & \"囊肿\"" }, new Dictionary<string, string>());

        Assert.Equal("Normalise: 左肾 <3 cm> & \"囊肿\"\n", prompt);
    }

    [Fact]
    public void AnswerTexts_StringLeaves_NamedByJsonPointer()
    {
        var outputs = AnswerTexts.Outputs("""{"findings":"左肾囊肿","meds":[{"name":"aspirin","dose":"100 mg","n":3}],"a/b":"x","empty":" "}""");

        Assert.Equal(["/findings", "/meds/0/name", "/meds/0/dose", "/a~1b"], outputs.Select(o => o.Name));
        Assert.Equal("100 mg", outputs[2].Text);
    }

    [Fact]
    public void AnswerTexts_StringsTheSchemaFixes_LeftOut()
    {
        const string schema = """{"type":"object","properties":{"flags":{"type":"array","items":{"type":"object","properties":{"kind":{"enum":["unit_error"]},"note":{"type":"string"}}}}}}""";

        var outputs = AnswerTexts.Outputs("""{"flags":[{"kind":"unit_error","note":"8厘米"}]}""", schema);

        Assert.Equal(["/flags/0/note"], outputs.Select(o => o.Name));
    }
}
