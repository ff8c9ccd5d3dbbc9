using Appliance.Contracts.V1;
using Appliance.Server.Tasks;
using Appliance.Tasks.Templates;
using DomainGrounding = Appliance.Core.Grounding;
using DomainPolicy = Appliance.Tasks.Templates.GroundingPolicy;
using ProtoPolicy = Appliance.Contracts.V1.GroundingPolicy;

namespace Appliance.Server.GrpcApi;

/// <summary>Task templates, runs and grounding reports as appliance.v1.Tasks messages.</summary>
internal static class TaskProtoMapper
{
    public static TaskInfo ToProto(TaskTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var info = new TaskInfo
        {
            Id = template.Id,
            Family = template.Family,
            Version = template.Version,
            Title = template.Title,
            Description = template.Description,
            Language = template.Language,
            OutputSchema = template.OutputSchema,
            GroundingPolicy = template.Grounding switch
            {
                DomainPolicy.Reject => ProtoPolicy.Reject,
                DomainPolicy.Retry => ProtoPolicy.Retry,
                _ => ProtoPolicy.Annotate,
            },
            Sha256 = template.Sha256,
            Origin = template.Origin == TaskOrigin.Shipped ? "shipped" : "site",
            ModelId = template.Model.Id ?? string.Empty,
        };
        info.Selectors.Add(template.Selectors.ToDictionary());
        info.Inputs.AddRange(template.Inputs.Select(i => new TaskInputField { Name = i.Name, Description = i.Description, Required = i.Required, MaxLength = i.MaxLength }));
        return info;
    }

    public static RunTaskResponse ToProto(TaskRunResult result, Calls.CallContext call)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(call);
        return new RunTaskResponse
        {
            OutputJson = result.OutputJson,
            TaskId = result.Template.Id,
            Version = result.Template.Version,
            Sha256 = result.Template.Sha256,
            Grounding = ToProto(result.Report),
            PolicyOutcome = result.Outcome switch
            {
                TaskPolicyOutcome.Grounded => PolicyOutcome.Grounded,
                TaskPolicyOutcome.RetriedGrounded => PolicyOutcome.RetriedGrounded,
                TaskPolicyOutcome.RetriedAnnotated => PolicyOutcome.RetriedAnnotated,
                _ => PolicyOutcome.Annotated,
            },
            Attempts = result.Attempts,
            Usage = ProtoMapper.ToProto(result.Usage),
            Timings = ProtoMapper.ToProto(result.Timings),
            RequestId = call.RequestId,
            ClientRequestId = call.ClientRequestId ?? string.Empty,
            ModelId = result.ModelId,
        };
    }

    public static GroundingReport ToProto(DomainGrounding.GroundingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var proto = new GroundingReport { GroundedCount = report.GroundedCount, UngroundedCount = report.UngroundedCount };
        proto.Items.AddRange(report.Items.Select(i => new GroundingItem
        {
            Kind = (GroundingItemKind)((int)i.Kind + 1),
            Text = i.Text,
            Location = ToProto(i.Location),
            Grounded = i.Grounded,
            Evidence = i.Evidence is null ? null : ToProto(i.Evidence),
            Reason = i.Reason ?? string.Empty,
        }));
        return proto;
    }

    /// <summary>The contract's name of a kind without its prefix (<c>DOSE</c>), as error details spell it.</summary>
    public static string KindName(DomainGrounding.GroundingItemKind kind) =>
        ProtoMapper.ScreamingSnake(kind.ToString());

    private static GroundingSpan ToProto(DomainGrounding.GroundingSpan span) => new() { Name = span.Name, Start = span.Start, Length = span.Length };
}
