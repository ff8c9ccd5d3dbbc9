using Appliance.Contracts.V1;
using Appliance.Core.Grounding;
using Appliance.Server.Calls;
using Appliance.Server.Tasks;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// appliance.v1.Tasks: thin proto ⇄ domain adapter. The call pipeline already decided the variant
/// and its model (<see cref="CallContext.Task"/>); <see cref="TaskRunner"/> runs it. Lists show only
/// what the caller may run (<c>AllowedTasks</c> and <c>AllowedModels</c>).
/// </summary>
internal sealed class TasksService(TaskLibrary library, TaskRunner runner) : Contracts.V1.Tasks.TasksBase
{
    public override Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        var response = new ListTasksResponse();
        response.Tasks.AddRange(library.Current.All
            .Where(t => request.Family.Length == 0 || t.Family == request.Family)
            .Where(t => call.Access.Registration?.MayRun(t) ?? true)
            .Select(TaskProtoMapper.ToProto));
        call.Complete(new CallOutcome());
        return Task.FromResult(response);
    }

    public override Task<GetTaskResponse> GetTask(GetTaskRequest request, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        if (!library.Current.ById.TryGetValue(request.TaskId, out var template) || !(call.Access.Registration?.MayRun(template) ?? true))
        {
            throw new Core.Errors.TaskNotFoundException(request.TaskId);
        }

        call.Complete(new CallOutcome());
        return Task.FromResult(new GetTaskResponse { Task = TaskProtoMapper.ToProto(template) });
    }

    public override async Task<RunTaskResponse> RunTask(RunTaskRequest request, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        var result = await runner.RunAsync(call, request.Inputs, request.Attributes, request.Seed, Deadline(context), null, context.CancellationToken);
        return TaskProtoMapper.ToProto(result, call);
    }

    public override async Task RunTaskStream(RunTaskStreamRequest request, IServerStreamWriter<RunTaskStreamResponse> responseStream, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);

        // Under policy reject no text goes out before the check: a refused answer is never seen.
        Func<string, int, ValueTask>? pieces = call.Task?.Template?.Grounding == Appliance.Tasks.Templates.GroundingPolicy.Reject
            ? null
            : (text, attempt) => new ValueTask(responseStream.WriteAsync(new RunTaskStreamResponse { Piece = new TaskPiece { Text = text, Attempt = attempt } }, context.CancellationToken));
        var result = await runner.RunAsync(call, request.Inputs, request.Attributes, request.Seed, Deadline(context), pieces, context.CancellationToken);
        await responseStream.WriteAsync(new RunTaskStreamResponse { Final = TaskProtoMapper.ToProto(result, call) }, context.CancellationToken);
    }

    public override Task<CheckGroundingResponse> CheckGrounding(CheckGroundingRequest request, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        CheckLength(request.Source, "source");
        CheckLength(request.Output, "output");
        var report = runner.Checker.Check([new GroundingText("source", request.Source)], [new GroundingText("output", request.Output)], context.CancellationToken);
        call.Complete(new CallOutcome { UngroundedItems = report.UngroundedCount });
        return Task.FromResult(new CheckGroundingResponse { Grounding = TaskProtoMapper.ToProto(report), RequestId = call.RequestId });
    }

    /// <summary>The most characters CheckGrounding reads of each text.</summary>
    public const int MaxCheckLength = 200_000;

    private static void CheckLength(string text, string field)
    {
        if (text.Length > MaxCheckLength)
        {
            throw new Core.Errors.InvalidRequestException(field, $"at most {MaxCheckLength} characters");
        }
    }

    private static DateTimeOffset? Deadline(ServerCallContext context) =>
        context.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(context.Deadline, TimeSpan.Zero);
}
