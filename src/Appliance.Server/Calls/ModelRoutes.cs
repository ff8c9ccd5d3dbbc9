using Appliance.Contracts.Balancing;
using Appliance.Core.Errors;

namespace Appliance.Server.Calls;

/// <summary>
/// The one rule for the <c>x-appliance-model</c> header (<see cref="ModelRouting.Header"/>), whatever
/// the door: a balancer routes a call to the boxes serving the model the header names, so a call that
/// queues work (Generate, Complete, Embed, Infer, RunTask) and names a model must carry the same id
/// there, or it is refused INVALID_ARGUMENT naming the header and the body field: a mis-set header
/// cannot send calls for one model to the pool of another silently. Neither value is echoed (the
/// header is the caller's text). Absent header: no rule (calls without it go to every box).
/// </summary>
internal static class ModelRoutes
{
    /// <summary>The refusal, or null when the header is absent, the call queues no work or names no model, or the two agree.</summary>
    /// <param name="start">What the door read: the header (<see cref="CallStart.RoutedModel"/>) and the body field's name.</param>
    /// <param name="modelId">The model the call runs on (for RunTask, the one its task selected).</param>
    /// <param name="queuesWork">Whether the method queues work on the model.</param>
    public static InvalidRequestException? Problem(CallStart start, string? modelId, bool queuesWork)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.RoutedModel is null || !queuesWork || modelId is null || string.Equals(start.RoutedModel, modelId, StringComparison.Ordinal))
        {
            return null;
        }

        var bodyField = start.Task is null ? start.ModelField : "task (the model its template names)";
        return new InvalidRequestException(
            ModelRouting.Header,
            $"names another model than the request's {bodyField}; a balancer routes the call by this header, so it must equal {bodyField} exactly (or be left out)");
    }
}
