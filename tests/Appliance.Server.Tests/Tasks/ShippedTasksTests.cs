using System.Text.Json;
using Appliance.Contracts.V1;
using Json.Schema;

namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// Every shipped template, in both languages, runs end to end over gRPC: selected by family and
/// language, prompt rendered from realistic inputs, answer checked against its schema and grounded
/// item by item by the real grounding checker (Appliance.Grounding). The answers come from <see cref="CannedAnswerEngine"/> (a faithful
/// answer per example, so every item must be grounded); the same templates on the real engine with the synthetic model
/// (random answers, grammar-shaped) are <see cref="ShippedTasksEngineTests"/>.
/// </summary>
[Collection(TasksServerCollection.Name)]
public sealed class ShippedTasksTests(TasksServerFixture server)
{
    private readonly Contracts.V1.Tasks.TasksClient _tasks = new(server.Channel);

    [Theory]
    [MemberData(nameof(ShippedTaskExamples.All), MemberType = typeof(ShippedTaskExamples))]
    public async Task RunTask_ShippedFamily_SchemaValidAnswerAndGroundingReport(string family, string language, Dictionary<string, string> inputs, string answer)
    {
        server.Answers.Add(inputs.First().Value, answer);
        var request = new RunTaskRequest { Task = family, Attributes = { ["language"] = language } };
        request.Inputs.Add(inputs);

        var response = await _tasks.RunTaskAsync(request);

        Assert.Equal(($"{family}.{language}", "1.1.0", 64, TasksServerFixture.CannedModelId), (response.TaskId, response.Version, response.Sha256.Length, response.ModelId));
        var info = (await _tasks.GetTaskAsync(new GetTaskRequest { TaskId = response.TaskId })).Task;
        using var output = JsonDocument.Parse(response.OutputJson);
        Assert.True(JsonSchema.FromText(info.OutputSchema).Evaluate(output.RootElement).IsValid, response.OutputJson);
        // Faithful answers: nothing ungrounded, the self-contradicting English dictation included (its "no focal
        // lesion, the left kidney shows a cyst" negates the lesion, not the kidney: EnglishGroundingTests).
        Assert.Empty(response.Grounding.Items.Where(i => !i.Grounded).Select(i => $"{i.Kind} {i.Location.Name}: {i.Reason}"));
        Assert.Equal((response.Grounding.Items.Count, 0), (response.Grounding.GroundedCount, response.Grounding.UngroundedCount));
        Assert.All(response.Grounding.Items.Where(i => i.Grounded), i => Assert.Contains(i.Evidence.Name, inputs.Keys));
        Assert.All(response.Grounding.Items, i => Assert.StartsWith("/", i.Location.Name, StringComparison.Ordinal));
        Assert.Equal((PolicyOutcome.Grounded, 1), (response.PolicyOutcome, response.Attempts));
        Assert.True(response.Usage.PromptTokens > 0 && response.Usage.CompletionTokens > 0);
    }

    [Fact]
    public async Task ListTasks_Anonymous_EveryShippedVariantWithInputsAndSchema()
    {
        var tasks = (await _tasks.ListTasksAsync(new ListTasksRequest())).Tasks;

        Assert.Superset(
            new HashSet<string> { "discharge.summary.en", "discharge.summary.zh", "notes.extract.en", "notes.extract.zh", "preconsult.summary.en", "preconsult.summary.zh", "report.normalise.en", "report.normalise.zh", "report.normalise.ultrasound.zh" },
            tasks.Select(t => t.Id).ToHashSet());
        var discharge = tasks.Single(t => t.Id == "discharge.summary.zh");
        Assert.Equal(("shipped", Contracts.V1.GroundingPolicy.Retry, "zh"), (discharge.Origin, discharge.GroundingPolicy, discharge.Selectors["language"]));
        Assert.Equal(["admission_note", "progress_notes", "procedures", "labs", "medications"], discharge.Inputs.Select(i => i.Name));
        Assert.True(discharge.Inputs[0].Required);
        Assert.Contains("\"discharge_medications\"", discharge.OutputSchema, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTask_UltrasoundZh_MostSpecificVariantPicked()
    {
        server.Answers.Add("甲状腺右叶", """{"findings":[{"organ":"甲状腺","text":"甲状腺右叶"}],"impression":"","flags":[]}""");
        var request = new RunTaskRequest { Task = "report.normalise", Attributes = { ["language"] = "zh", ["exam_type"] = "Ultrasound" } };
        request.Inputs["dictation"] = "嗯，甲状腺右叶见一低回声结节，大小约6×5 mm。";

        var response = await _tasks.RunTaskAsync(request);

        Assert.Equal("report.normalise.ultrasound.zh", response.TaskId);
    }
}
