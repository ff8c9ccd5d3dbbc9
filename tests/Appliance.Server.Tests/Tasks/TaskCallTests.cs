using Appliance.Contracts.V1;
using Appliance.Server.Tests.Security;
using Google.Rpc;
using Grpc.Core;

namespace Appliance.Server.Tests.Tasks;

/// <summary>A task call through the one call pipeline: field errors, AllowedTasks, the audit record of a run, the task metrics and CheckGrounding.</summary>
[Collection(TasksServerCollection.Name)]
public sealed class TaskCallTests(TasksServerFixture server)
{
    private readonly Contracts.V1.Tasks.TasksClient _tasks = new(server.Channel);

    public static TheoryData<string, string, StatusCode, string> Refusals() => new()
    {
        { "policy.annotate", "", StatusCode.InvalidArgument, "inputs.note: required" },
        { "policy.annotate", "labs", StatusCode.InvalidArgument, "inputs.labs: not an input of task 'policy.annotate'; its inputs are note" },
        { "no.such.task", "", StatusCode.NotFound, "task: no task 'no.such.task' that this caller may run is on this appliance (see ListTasks)" },
        { "", "", StatusCode.InvalidArgument, "task: required: a task id or family (see ListTasks)" },
        { "discharge.summary", "", StatusCode.InvalidArgument, "attributes: no variant of 'discharge.summary' matches them; its variants select on discharge.summary.en: language=en; discharge.summary.zh: language=zh" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RunTask_BadRequest_RefusedNamingTheField(string task, string extraInput, StatusCode code, string message)
    {
        var request = new RunTaskRequest { Task = task };
        if (extraInput.Length > 0)
        {
            request.Inputs[extraInput] = "Hb 95 g/L";
            request.Inputs["note"] = "x";
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => _tasks.RunTaskAsync(request).ResponseAsync);

        Assert.Equal((code, message), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task AllowedTasks_WardClient_ListsOnlyItsFamily_OtherTasksPermissionDenied()
    {
        var listed = (await _tasks.ListTasksAsync(new ListTasksRequest(), server.Ward.Header)).Tasks.Select(t => t.Id);
        var error = await Assert.ThrowsAsync<RpcException>(() => _tasks.RunTaskAsync(new RunTaskRequest { Task = "policy.annotate", Inputs = { ["note"] = "x" } }, server.Ward.Header).ResponseAsync);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => _tasks.GetTaskAsync(new GetTaskRequest { TaskId = "policy.annotate" }, server.Ward.Header).ResponseAsync);

        Assert.Equal(["preconsult.summary.en", "preconsult.summary.zh"], listed.Order(StringComparer.Ordinal));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("TASK_NOT_ALLOWED", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Contains("(Appliance:Clients:ward:AllowedTasks)", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task RunTask_Audited_TaskIdVersionSha256InBothRecords_AttemptsAndUngroundedAtEnd()
    {
        var note = $"Aspirin 100 mg ({Guid.NewGuid():N}) {RoutingGroundingChecker.Tag}";
        server.Answers.Add(note, """{"summary":"Aspirin 300 mg"}""");
        var response = await _tasks.RunTaskAsync(new RunTaskRequest { Task = "policy.retry", Inputs = { ["note"] = note } }, server.His.Header);

        await Bounded.UntilAsync(
            async _ => (await AuditRecords.ReadAsync(server.AuditDirectory)).Count(r => r.RequestId == response.RequestId) == 2, "the run's two audit records");
        var records = (await AuditRecords.ReadAsync(server.AuditDirectory)).Where(r => r.RequestId == response.RequestId).ToList();

        Assert.All(records, r => Assert.Equal(("policy.retry", "1.0.0", response.Sha256, "his", TasksServerFixture.CannedModelId), (r.TaskId, r.TaskVersion, r.TaskSha256, r.Client, r.ModelId)));
        var end = records.Single(r => r.Event == "end");
        Assert.Equal((2, 1, "OK"), (end.TaskAttempts, end.UngroundedItems, end.Status));
    }

    [Fact]
    public async Task RunTask_Counted_RunsByOutcomeAndItemsByResult()
    {
        var note = $"Aspirin 100 mg ({Guid.NewGuid():N}) {RoutingGroundingChecker.Tag}";
        server.Answers.Add(note, """{"summary":"Aspirin 300 mg"}""");
        await _tasks.RunTaskAsync(new RunTaskRequest { Task = "policy.annotate", Inputs = { ["note"] = note } });

        var page = await server.Server.ScrapeAsync();

        Assert.Contains("appliance_task_runs_total{task=\"policy.annotate\",variant=\"policy.annotate\",outcome=\"annotated\"}", page, StringComparison.Ordinal);
        Assert.Contains("appliance_task_grounding_items_total{task=\"policy.annotate\",variant=\"policy.annotate\",result=\"ungrounded\"}", page, StringComparison.Ordinal);
        Assert.Contains("appliance_config_in_force{file=\"tasks\"} 1", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckGrounding_InventedDose_RealCheckerFlagsIt()
    {
        var response = await _tasks.CheckGroundingAsync(new CheckGroundingRequest { Source = "阿司匹林 100mg 口服 每日一次", Output = "阿司匹林 300mg 口服" });

        var dose = Assert.Single(response.Grounding.Items, i => i.Kind == GroundingItemKind.Dose);
        Assert.Equal(("output", false), (dose.Location.Name, dose.Grounded));
        Assert.Contains(response.Grounding.Items, i => i.Kind == GroundingItemKind.Drug && i.Grounded && i.Evidence.Name == "source");
        Assert.StartsWith("req_", response.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckGrounding_TooLong_RefusedNamingTheFieldAndLimit()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _tasks.CheckGroundingAsync(new CheckGroundingRequest { Source = "x", Output = new string('x', 200_001) }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "output: at most 200000 characters"), (error.StatusCode, error.Status.Detail));
    }
}
