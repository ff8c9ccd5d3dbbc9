using System.Globalization;
using System.Text.Json;
using Appliance.Cli.Formatting;
using Appliance.Contracts.V1;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl task list|show|run</c>: the clinical tasks the caller may run, one task's inputs and
/// output schema, and a run. A run prints the JSON answer (indented) on standard output and the
/// variant, the policy outcome and each ungrounded item (kind, JSON pointer, reason) on standard error.
/// </summary>
public sealed class TaskCommand(CommandContext context)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>ListTasks as a table.</summary>
    public Task<int> ListAsync(Contracts.V1.Tasks.TasksClient client, string? family, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ServerCall.RunAsync(
            context,
            () => client.ListTasksAsync(new ListTasksRequest { Family = family ?? "" }, cancellationToken: cancellationToken).ResponseAsync,
            async response =>
            {
                var table = new TextTable("ID", "VERSION", "LANG", "SELECTORS", "POLICY", "ORIGIN", "TITLE");
                foreach (var task in response.Tasks)
                {
                    table.AddRow(task.Id, task.Version, task.Language, Selectors(task), ProtoNames.Of(task.GroundingPolicy), task.Origin, task.Title);
                }

                await table.WriteToAsync(context.Output, cancellationToken);
                return ExitCodes.Success;
            },
            cancellationToken);
    }

    /// <summary>GetTask: the variant, its inputs and its output schema.</summary>
    public Task<int> ShowAsync(Contracts.V1.Tasks.TasksClient client, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ServerCall.RunAsync(
            context,
            () => client.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, cancellationToken: cancellationToken).ResponseAsync,
            async response =>
            {
                var task = response.Task;
                var output = context.Output;
                await output.WriteLineAsync($"{task.Id} {task.Version} ({task.Origin}): {task.Title}");
                await output.WriteLineAsync($"family {task.Family}, language {task.Language}, selectors {Selectors(task) ?? "(default)"}, model {(task.ModelId.Length > 0 ? task.ModelId : "any text-generation model")}");
                await output.WriteLineAsync($"grounding policy {ProtoNames.Of(task.GroundingPolicy)}, sha256 {task.Sha256}");
                if (task.Description.Length > 0)
                {
                    await output.WriteLineAsync(task.Description);
                }

                await output.WriteLineAsync();
                var inputs = new TextTable("INPUT", "REQUIRED", "MAX", "DESCRIPTION");
                foreach (var input in task.Inputs)
                {
                    inputs.AddRow(input.Name, input.Required ? "yes" : "no", input.MaxLength.ToString(CultureInfo.InvariantCulture), input.Description);
                }

                await inputs.WriteToAsync(output, cancellationToken);
                await output.WriteLineAsync();
                await output.WriteLineAsync("output schema:");
                await output.WriteLineAsync(Indent(task.OutputSchema));
                return ExitCodes.Success;
            },
            cancellationToken);
    }

    /// <summary>RunTask with the given inputs and attributes.</summary>
    public Task<int> RunAsync(Contracts.V1.Tasks.TasksClient client, RunTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ServerCall.RunAsync(
            context,
            () => client.RunTaskAsync(request, cancellationToken: cancellationToken).ResponseAsync,
            async response =>
            {
                await context.Output.WriteLineAsync(Indent(response.OutputJson));
                var report = response.Grounding;
                await context.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{response.TaskId} {response.Version} on {response.ModelId}: {report.Items.Count} checked items, {report.UngroundedCount} ungrounded; {ProtoNames.Of(response.PolicyOutcome)} after {response.Attempts} attempt(s); {response.Usage.PromptTokens}+{response.Usage.CompletionTokens} tokens; {response.RequestId}"));
                foreach (var item in report.Items.Where(i => !i.Grounded))
                {
                    await context.Error.WriteLineAsync($"  ungrounded {ProtoNames.Of(item.Kind)} at {item.Location.Name}: {item.Reason}");
                }

                return ExitCodes.Success;
            },
            cancellationToken);
    }

    private static string? Selectors(TaskInfo task) =>
        task.Selectors.Count == 0 ? null : string.Join(",", task.Selectors.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));

    private static string Indent(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, Indented);
    }
}
