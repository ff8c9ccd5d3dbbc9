using Appliance.Contracts.V1;
using Appliance.Server.Tests.Tasks;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// Clinical tasks carry patient text in new places: task inputs, the rendered prompt, the JSON answer,
/// the grounding report (items quote the answer) and a CheckGrounding call's texts; and free text
/// where ids belong (a task name, an input name, an attribute name). None of it may reach a log,
/// the audit, a metric or a status, whether the run succeeds, is rejected as ungrounded, is streamed
/// or is refused.
/// </summary>
public sealed partial class PhiCanaryTests
{
    private const string CanaryTask = "canary.annotate", CanaryReject = "canary.reject";

    private static void WriteCanaryTasks(string folder)
    {
        foreach (var (id, policy) in new[] { (CanaryTask, "annotate"), (CanaryReject, "reject") })
        {
            File.WriteAllText(Path.Combine(folder, id + ".yaml"), TasksServerFixture.PolicyTemplate(id, policy)
                .Replace("pattern: \"^[A-Za-z0-9 ]{1,24}$\"", "maxLength: 200", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Marker_ThroughTasksAndGrounding_AppearsInNoLogAuditMetricOrStatus()
    {
        var tasks = new Contracts.V1.Tasks.TasksClient(_server.Channel);
        var headers = Key(_key);
        var note = $"Discharge note of {_marker}: aspirin 100 mg.";
        _answers.Add(note, $$"""{"summary":"{{_marker}}"}""");
        var invented = $"Invented note of {_marker} {RoutingGroundingChecker.Tag}.";
        _answers.Add(invented, $$"""{"summary":"{{_marker}} 300 mg"}""");

        var run = await tasks.RunTaskAsync(new RunTaskRequest { Task = CanaryTask, Inputs = { ["note"] = note } }, headers, Deadline());
        Assert.Contains(_marker, run.OutputJson, StringComparison.Ordinal); // the answer carries the patient text (checked by the real checker)...
        using (var stream = tasks.RunTaskStream(new RunTaskStreamRequest { Task = CanaryTask, Inputs = { ["note"] = note } }, headers, Deadline()))
        {
            await foreach (var message in stream.ResponseStream.ReadAllAsync())
            {
                Collect(message.Final?.RequestId);
            }
        }

        await ExpectAsync(StatusCode.FailedPrecondition, () => tasks.RunTaskAsync(new RunTaskRequest { Task = CanaryReject, Inputs = { ["note"] = invented } }, headers, Deadline()).ResponseAsync);
        var check = await tasks.CheckGroundingAsync(new CheckGroundingRequest { Source = note, Output = $"{_marker} 300 mg" }, headers, Deadline());
        Assert.True(check.Grounding.UngroundedCount >= 1);

        await ExpectAsync(StatusCode.InvalidArgument, () => tasks.RunTaskAsync(new RunTaskRequest { Task = CanaryTask, Inputs = { [_marker] = note } }, headers, Deadline()).ResponseAsync);
        await ExpectAsync(StatusCode.InvalidArgument, () => tasks.RunTaskAsync(new RunTaskRequest { Task = CanaryTask, Inputs = { ["note"] = new string('x', 2001) + _marker } }, headers, Deadline()).ResponseAsync);
        await ExpectAsync(StatusCode.NotFound, () => tasks.RunTaskAsync(new RunTaskRequest { Task = _marker, Inputs = { ["note"] = note } }, headers, Deadline()).ResponseAsync);
        await ExpectAsync(StatusCode.InvalidArgument, () => tasks.RunTaskAsync(new RunTaskRequest { Task = CanaryTask, Attributes = { [_marker] = _marker }, Inputs = { ["note"] = note } }, headers, Deadline()).ResponseAsync);
        await ExpectAsync(StatusCode.NotFound, () => tasks.GetTaskAsync(new GetTaskRequest { TaskId = _marker }, headers, Deadline()).ResponseAsync);
        await ExpectAsync(StatusCode.InvalidArgument, () => tasks.CheckGroundingAsync(new CheckGroundingRequest { Source = _marker, Output = new string('y', 200_001) }, headers, Deadline()).ResponseAsync);

        await Bounded.UntilAsync(
            async _ => (await AuditRecords.ReadAsync(AuditDirectory)).Count(r => r.Event == "end" && r.Method.StartsWith("/appliance.v1.Tasks/", StringComparison.Ordinal)) >= 10,
            "the end records of the 10 task calls");
        await AssertMarkerNowhereAsync();
        Assert.Contains(_server.Logs, l => l.Contains("Task canary.reject 1.0.0: attempt 1 has 1 ungrounded of 1 items; policy reject", StringComparison.Ordinal));
    }
}
