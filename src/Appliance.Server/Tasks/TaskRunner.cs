using System.Globalization;
using System.Text;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Core.Grounding;
using Appliance.Scheduling;
using Appliance.Server.Calls;
using Appliance.Server.Models;
using Appliance.Tasks.Runs;
using Appliance.Tasks.Templates;

namespace Appliance.Server.Tasks;

/// <summary>
/// Runs a task variant decided by the call pipeline: checks the inputs, renders the prompt, generates
/// an answer through the structured-output path (json_schema = the template's output schema: grammar
/// while decoding, JsonSchema.Net after), checks its grounding (sources = inputs, outputs = the
/// answer's string leaves) and applies the template's policy: annotate returns the report; reject
/// refuses an answer with ungrounded items (<see cref="UngroundedOutputException"/>, no text); retry
/// generates once more with the next seed and returns the second answer with its report. Records
/// counts on the call (audit) and the task metrics; never logs text. Transport-free.
/// </summary>
internal sealed class TaskRunner(GenerationScheduler scheduler, ModelHost models, TaskMetrics metrics, IGroundingChecker checker, ILogger<TaskRunner> logger)
{
    /// <summary>The grounding checker (RunTask and CheckGrounding).</summary>
    public IGroundingChecker Checker { get; } = checker;

    /// <summary>Runs <paramref name="call"/>'s task on <paramref name="inputs"/>; <paramref name="onPiece"/> gets the answer's text pieces (streaming).</summary>
    public async Task<TaskRunResult> RunAsync(
        CallContext call, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> attributes, uint seed, DateTimeOffset? deadline,
        Func<string, int, ValueTask>? onPiece, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var template = call.Task?.Template ?? throw new InvalidOperationException("RunTask without a decided task: the pipeline did not run");
        var modelId = call.Task.ModelId ?? throw new ModelUnavailableException("text-generation", "no text-generation model is configured on this appliance");
        TaskInputs.Check(template, inputs);
        var prompt = TaskPrompt.Render(template, inputs, attributes);
        var sources = AnswerTexts.Sources(inputs);
        var firstSeed = seed != 0 ? seed : template.Sampling.Seed ?? 0;

        var attempt = await GenerateAsync(call, template, modelId, prompt, firstSeed, 1, deadline, onPiece, cancellationToken);
        var usage = attempt.Completed.Usage;
        var report = Check(template, sources, attempt, 1, cancellationToken);
        var attempts = 1;
        var outcome = report.UngroundedCount == 0 ? TaskPolicyOutcome.Grounded : template.Grounding switch
        {
            GroundingPolicy.Reject => TaskPolicyOutcome.Rejected,
            GroundingPolicy.Retry => TaskPolicyOutcome.RetriedAnnotated, // decided below
            _ => TaskPolicyOutcome.Annotated,
        };

        if (outcome == TaskPolicyOutcome.RetriedAnnotated)
        {
            attempts = 2;
            attempt = await GenerateAsync(call, template, modelId, prompt, unchecked(firstSeed + 1), 2, deadline, onPiece, cancellationToken);
            usage = Sum(usage, attempt.Completed.Usage);
            report = Check(template, sources, attempt, 2, cancellationToken);
            outcome = report.UngroundedCount == 0 ? TaskPolicyOutcome.RetriedGrounded : TaskPolicyOutcome.RetriedAnnotated;
        }

        metrics.Run(template, outcome);
        call.Complete(new CallOutcome
        {
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            Queue = attempt.Completed.Timings.Queue,
            Total = attempt.Completed.Timings.Total,
            FinishReason = attempt.Completed.Reason,
            TaskAttempts = attempts,
            UngroundedItems = report.UngroundedCount,
        });
        if (outcome == TaskPolicyOutcome.Rejected)
        {
            throw new UngroundedOutputException(template.Id, [.. report.Items.Where(i => !i.Grounded)]);
        }

        return new TaskRunResult(template, modelId, attempt.Text, report, outcome, attempts, usage, attempt.Completed.Timings);
    }

    private async Task<TaskAttempt> GenerateAsync(
        CallContext call, TaskTemplate template, string modelId, string prompt, uint seed, int number, DateTimeOffset? deadline,
        Func<string, int, ValueTask>? onPiece, CancellationToken cancellationToken)
    {
        var chat = models.Get(modelId)?.State.Traits?.HasChatTemplate == true;
        var request = new GenerationRequest
        {
            RequestId = number == 1 ? call.RequestId : string.Create(CultureInfo.InvariantCulture, $"{call.RequestId}.{number}"),
            ModelId = modelId,
            Prompt = chat ? null : prompt,
            Messages = chat ? [new ChatMessage("user", prompt)] : [],
            Sampling = Sampling(template.Sampling, seed, models.Get(modelId)?.Manifest?.ContextLength),
            Priority = call.Priority,
            ClientId = call.ClientId,
            ClientRequestId = call.ClientRequestId,
            ResponseFormat = new ResponseFormat { Mode = ResponseFormatMode.JsonSchema, Text = template.OutputSchema, Name = template.Id.Replace('.', '_') },
            Deadline = deadline,
        };
        var stream = scheduler.Submit(request, cancellationToken);
        if (number == 1)
        {
            call.Admitted(stream.PromptTokens);
        }

        var text = new StringBuilder();
        await foreach (var item in stream.ReadAllAsync(cancellationToken))
        {
            switch (item)
            {
                case GenerationPiece piece:
                    call.AddGeneratedTokens(piece.TokenCount);
                    text.Append(piece.Text);
                    if (onPiece is not null)
                    {
                        await onPiece(piece.Text, number);
                    }

                    break;
                case ReasoningPiece reasoning:
                    call.AddGeneratedTokens(reasoning.TokenCount);
                    break;
                case GenerationCompleted done:
                    return Finished(template, new TaskAttempt(text.ToString(), done), cancellationToken);
            }
        }

        throw new InvalidOperationException("generation stream ended without a final event");
    }

    /// <summary>The attempt when its answer is whole and schema-valid; else the reason there is none.</summary>
    private TaskAttempt Finished(TaskTemplate template, TaskAttempt attempt, CancellationToken cancellationToken)
    {
        var done = attempt.Completed;
        if (done.Reason is FinishReason.Cancelled or FinishReason.Deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TaskAnswerIncompleteException(template.Id, $"generation ended ({done.Reason.ToString().ToLowerInvariant()}) before the answer was whole");
        }

        if (done.Structured == StructuredResult.Valid)
        {
            return attempt;
        }

        metrics.SchemaFailure(template);
        TasksLog.SchemaFailure(logger, template.Id, template.Version, done.Structured.ToString().ToLowerInvariant(), done.Reason.ToString().ToLowerInvariant());
        var why = done.Reason == FinishReason.Length
            ? string.Create(CultureInfo.InvariantCulture, $"the answer reached its token limit ({done.Usage.CompletionTokens} tokens; the template's sampling.max_tokens or the model's context) before its JSON ended")
            : $"the answer did not satisfy the output schema (finish reason {done.Reason.ToString().ToLowerInvariant()})";
        throw new TaskAnswerIncompleteException(template.Id, why);
    }

    private GroundingReport Check(TaskTemplate template, IReadOnlyList<GroundingText> sources, TaskAttempt attempt, int number, CancellationToken cancellationToken)
    {
        var report = Checker.Check(sources, AnswerTexts.Outputs(attempt.Text, template.OutputSchema), cancellationToken);
        metrics.Items(template, report);
        if (report.UngroundedCount > 0)
        {
            var policy = template.Grounding.ToString().ToLowerInvariant();
            TasksLog.Ungrounded(logger, template.Id, template.Version, number, report.UngroundedCount, report.Items.Count, policy);
        }

        return report;
    }

    /// <summary>
    /// The template's sampling; its output budget cut to the model's context (the scheduler refuses a larger
    /// one): a shipped budget covers its schema's longest answer, which a small-context model may not hold.
    /// </summary>
    private static SamplingParameters Sampling(TaskSampling sampling, uint seed, int? contextLength)
    {
        var defaults = new SamplingParameters();
        return defaults with
        {
            Temperature = sampling.Temperature ?? 0.2f,
            TopP = sampling.TopP ?? defaults.TopP,
            TopK = sampling.TopK ?? defaults.TopK,
            MaxTokens = sampling.MaxTokens is { } budget && contextLength is { } context ? Math.Min(budget, context) : sampling.MaxTokens,
            Seed = seed,
        };
    }

    private static TokenUsage Sum(TokenUsage a, TokenUsage b) =>
        new(a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens, a.CachedPromptTokens + b.CachedPromptTokens, a.ReasoningTokens + b.ReasoningTokens);
}
