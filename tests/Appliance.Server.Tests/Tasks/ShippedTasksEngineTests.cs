using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Appliance.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Json.Schema;
using Xunit.Abstractions;

namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// Every shipped template, each language, on the real engine over real gRPC RunTask: the synthetic
/// model's weights are random, so only the grammar from the template's output schema keeps its answer in
/// shape; the answer must validate against that schema (JsonSchema.Net) and come with a grounding report.
/// The variants run at once, so the scheduler batches them. This is the proof that each template's
/// <c>sampling.max_tokens</c> covers the longest answer its schema allows (README, "Clinical tasks").
/// </summary>
public sealed class ShippedTasksEngineTests(ShippedTasksEngineFixture server, ITestOutputHelper output) : IClassFixture<ShippedTasksEngineFixture>
{
    private readonly Contracts.V1.Tasks.TasksClient _tasks = new(server.Channel);

    [Fact]
    public async Task RunTask_EveryShippedVariantOnTheSyntheticModel_SchemaValidJsonAndGroundingReport()
    {
        var examples = ShippedTaskExamples.All().Select(row => (Family: (string)row[0], Language: (string)row[1], Inputs: (Dictionary<string, string>)row[2])).ToList();
        var ultrasound = ("report.normalise", "zh", new Dictionary<string, string> { ["dictation"] = "嗯，甲状腺右叶见一低回声结节，大小约6×5 mm，边界清。" });
        examples.Add(ultrasound);
        Assert.Equal(ShippedTasksEngineFixture.Variants, examples.Count);

        var runs = await Task.WhenAll(examples.Select((e, i) => RunAsync(e.Family, e.Language, e.Inputs, ultrasound: i == examples.Count - 1)));

        foreach (var run in runs)
        {
            // Time, attempts, tokens and items per variant (dotnet test --logger "console;verbosity=detailed").
            output.WriteLine(run.Line);
        }

        Assert.Equal(
            ["discharge.summary.en", "discharge.summary.zh", "notes.extract.en", "notes.extract.zh", "preconsult.summary.en", "preconsult.summary.zh", "report.normalise.en", "report.normalise.ultrasound.zh", "report.normalise.zh"],
            runs.Select(r => r.TaskId).Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.True(r.Problem is null, r.Line));
    }

    private async Task<(string TaskId, string Line, string? Problem)> RunAsync(string family, string language, Dictionary<string, string> inputs, bool ultrasound)
    {
        var request = new RunTaskRequest { Task = family, Attributes = { ["language"] = language }, Seed = 7 };
        if (ultrasound)
        {
            request.Attributes["exam_type"] = "ultrasound";
        }

        request.Inputs.Add(inputs);
        var clock = Stopwatch.StartNew();
        RunTaskResponse response;
        try
        {
            response = await _tasks.RunTaskAsync(request, deadline: DateTime.UtcNow.AddMinutes(5));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && e.GetRpcStatus() is { } status)
        {
            // Policy reject (notes.extract): the random answer held a fact the note does not state. The server
            // validated it against the schema before grounding it (a schema failure ends INTERNAL), and the
            // refusal is the grounding report: each ungrounded item's kind and JSON location, no text.
            var violations = status.GetDetail<PreconditionFailure>()?.Violations ?? [];
            var id = $"{family}.{(ultrasound ? "ultrasound." : "")}{language}";
            var rejected = string.Create(CultureInfo.InvariantCulture, $"{id}: {clock.Elapsed.TotalSeconds:F1} s, rejected with {violations.Count} ungrounded item(s)");
            return (id, rejected,
                status.GetDetail<ErrorInfo>()?.Reason != "UNGROUNDED_OUTPUT" || violations.Count == 0 || violations.Any(v => !v.Subject.StartsWith('/')) || family != "notes.extract"
                    ? "refused without an ungrounded-output report" : null);
        }

        var info = (await _tasks.GetTaskAsync(new GetTaskRequest { TaskId = response.TaskId })).Task;
        using var output = JsonDocument.Parse(response.OutputJson);
        var valid = JsonSchema.FromText(info.OutputSchema).Evaluate(output.RootElement).IsValid;
        var grounding = response.Grounding;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{response.TaskId}: {clock.Elapsed.TotalSeconds:F1} s, {response.Attempts} attempt(s), {response.Usage.CompletionTokens} tokens, {response.OutputJson.Length} chars, {grounding.Items.Count} items ({grounding.UngroundedCount} ungrounded), {response.PolicyOutcome}, valid {valid}");
        string? problem = !valid ? "schema-invalid JSON"
            : grounding.Items.Count != grounding.GroundedCount + grounding.UngroundedCount ? "report counts disagree"
            : grounding.Items.Any(i => !i.Location.Name.StartsWith('/')) ? "an item without a JSON location"
            : response.Usage.CompletionTokens <= 0 ? "no completion tokens"
            : null;
        return (response.TaskId, line, problem);
    }
}
